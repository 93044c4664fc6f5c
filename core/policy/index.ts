/** The policy engine's public surface: what core/sampling, the CLI and the bench import. */
export { evaluateRequest } from './evaluate.js';
export type { Evaluation } from './evaluate.js';
export { evaluateResponse } from './response.js';
export type { ResponseEvaluation } from './response.js';
export { chargeOnApproval, chargeOnCompletion, estimateTokens } from './tokens.js';
export { samplingCapabilityFrom } from './capabilities.js';
export { explain, explainEvent, explanationOf } from './explain.js';
export type { EventExplanation } from './explain.js';
export { stopRegexWorker } from './regex-worker.js';
export { ERROR_CODES } from './types.js';
export type { ClientSamplingCapability, PolicyContext, PolicyTraceStep, PolicyVerdict, UsageSource } from './types.js';

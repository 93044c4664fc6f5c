/**
 * What the hold needs from the policy engine and the MCP SDK's schemas, as one module loaded on the
 * first sampling request (sampling-kind.ts, through hold/lazy-module.ts): the SDK's type schemas are thousands of zod objects,
 * and a gate that relays no sampling yet should not carry them (issue 10: lazy start-up).
 */
export { CreateMessageRequestParamsSchema, CreateMessageResultWithToolsSchema } from '@modelcontextprotocol/sdk/types.js';
export { evaluateRequest } from '../policy/evaluate.js';
export { evaluateResponse } from '../policy/response.js';

/**
 * A small leveled logger to stderr (stdout of `connect` is the MCP stream, so logs never go there).
 * Secrets are scrubbed from every line: the gate token and `token=` query values.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Register a secret that must never appear in a log line. */
  redact(secret: string): void;
}

export function createLogger(opts: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const min = ORDER[opts.level ?? ((process.env.SAMPLING_GATE_LOG as LogLevel | undefined) ?? 'info')] ?? ORDER.info;
  const write = opts.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const secrets = new Set<string>();
  const scrub = (s: string): string => {
    let out = s.replace(/([?&]token=)[^&\s"]+/gi, '$1[redacted]').replace(/(Bearer\s+)[\w.~+/-]+=*/gi, '$1[redacted]');
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  };
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < min) return;
    const extra = fields && Object.keys(fields).length ? ' ' + safeJson(fields) : '';
    write(scrub(`${new Date().toISOString()} ${level.padEnd(5)} ${msg}${extra}`));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    redact: (secret) => {
      if (secret.length >= 8) secrets.add(secret);
    },
  };
}

function safeJson(v: unknown): string {
  try {
    const s = JSON.stringify(v, (_k, val: unknown) => (val instanceof Error ? val.message : val));
    return s.length > 2000 ? s.slice(0, 2000) + '…' : s;
  } catch {
    return '[unserialisable]';
  }
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, redact() {} };

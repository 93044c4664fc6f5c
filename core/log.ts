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
    let out = redactQueryTokens(s).replace(/(Bearer\s+)[\w.~+/-]+=*/gi, '$1[redacted]');
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

/** One letter of `token` as a URL may spell it: itself in either case, or percent-encoded (twice, even). */
const spelled = (c: string): string => {
  const hex = (ch: string) => ch.charCodeAt(0).toString(16);
  return `(?:${c}|%(?:25)?${hex(c)}|%(?:25)?${hex(c.toUpperCase())})`;
};
/** `token=` after a query separator, in any spelling a server-side parser might decode to it. */
const TOKEN_PARAM = new RegExp(`((?:^|[?&;]|%(?:25)?26|%(?:25)?3f)${[...'token'].map(spelled).join('')}(?:=|%(?:25)?3d))[^&\\s"'#<>]*`, 'gi');

/** Every query value whose parameter name decodes to `token` (`token=`, `%74oken=`, `TO%6BEN=`, …) becomes `[redacted]`. */
export function redactQueryTokens(s: string): string {
  return s.replace(TOKEN_PARAM, '$1[redacted]');
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

/**
 * `audit:` in config.yaml or the managed policy: every history event, once final, to the log
 * pipeline an organisation already runs — OpenTelemetry logs over OTLP/HTTP, and/or syslog
 * (RFC 5424 over TCP, optionally TLS). Pure zod; the export itself is in core/audit.
 */
import { z } from 'zod';

/** How much of the prompt and completion an exported event carries. */
export const AUDIT_CONTENT = ['metadata', 'hashed', 'full'] as const;
export type AuditContent = (typeof AUDIT_CONTENT)[number];

/** RFC 5424 section 6.2.1 facility names → codes. */
export const SYSLOG_FACILITIES = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9,
  authpriv: 10, ftp: 11, ntp: 12, audit: 13, alert: 14, clock: 15,
  local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
} as const;
export type SyslogFacility = keyof typeof SYSLOG_FACILITIES;

const seconds = z.number().positive().max(600);

export const OtlpSinkSchema = z
  .object({
    /** The collector's logs endpoint, e.g. http://127.0.0.1:4318/v1/logs (OTLP/HTTP, JSON encoding). */
    endpoint: z.url({ protocol: /^https?$/ }),
    /** Sent with every export (e.g. the collector's auth header). */
    headers: z.record(z.string(), z.string()).default({}),
    timeoutSeconds: seconds.default(10),
  })
  .strict();

export const SyslogTlsSchema = z
  .object({
    /** PEM file(s) of the CA that signed the receiver's certificate; the system CAs when absent. */
    ca: z.string().min(1).optional(),
    /** Client certificate and key (PEM files), for receivers that require mutual TLS. */
    cert: z.string().min(1).optional(),
    key: z.string().min(1).optional(),
    /** The name the receiver's certificate must carry; the host when absent. */
    servername: z.string().min(1).optional(),
  })
  .strict();

export const SyslogSinkSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** Absent or false: plain TCP; true or an object: TLS (RFC 5425). */
    tls: z.union([z.boolean(), SyslogTlsSchema]).default(false),
    facility: z.enum(Object.keys(SYSLOG_FACILITIES) as [SyslogFacility, ...SyslogFacility[]]).default('local0'),
    appName: z.string().regex(/^[!-~]{1,48}$/, 'printable ASCII without spaces, at most 48').default('sampling-gate'),
    /** The HOSTNAME field; the machine's host name when absent. */
    hostname: z.string().regex(/^[!-~]{1,255}$/, 'printable ASCII without spaces').optional(),
    timeoutSeconds: seconds.default(10),
  })
  .strict();

export const AuditSchema = z
  .object({
    /** metadata: no prompt or completion text; hashed: SHA-256 of each text; full: the texts. */
    content: z.enum(AUDIT_CONTENT).default('metadata'),
    /** Events waiting for delivery kept at most; past it the oldest are dropped (and counted). */
    maxOutbox: z.number().int().min(10).max(10_000_000).default(100_000),
    /** Longest wait between retries of a sink that is down (the wait doubles from 0.5 s up to this). */
    retryMaxSeconds: z.number().positive().max(3600).default(30),
    otlp: OtlpSinkSchema.optional(),
    syslog: SyslogSinkSchema.optional(),
  })
  .strict()
  .refine((a) => a.otlp !== undefined || a.syslog !== undefined, { message: 'name at least one of otlp: and syslog:' });

export type AuditConfig = z.infer<typeof AuditSchema>;
export type OtlpSinkConfig = z.infer<typeof OtlpSinkSchema>;
export type SyslogSinkConfig = z.infer<typeof SyslogSinkSchema>;

/** The config.yaml written on first start: every default spelled out, so users see what they can tune. */
export const STARTER_CONFIG = `# Sampling Gate configuration. Changes are picked up live; an invalid edit keeps the last good
# config running and is reported with its line. Reference: see the README, "Config reference".
defaults:
  trust: ask                  # deny | ask | trust — what happens to a server's sampling requests
  approvalTimeoutSeconds: 120 # an unanswered request is denied after this long
  maxTokensCap: 4096          # larger requests are denied (or clamped when you edit one)
  rateLimit: { perMinute: 5, perHour: 60, perDay: 300, perSession: 50 }
  tokenBudgetPerDay: 200000
  allowTools: false           # sampling requests that embed tools
  allowIncludeContext: false  # includeContext other than "none"
  allowMedia: [image/png, image/jpeg, image/gif, image/webp]
  reviewResponses: false      # hold each completion for review before the server gets it
  rules:
    - { name: no-system-prompt-probe, match: "print (your|the) system prompt", action: deny }
    - { name: urls, match: "https?://", action: flag }
# Every final sampling event to your log pipeline (README, "Audit export"), for example:
#   audit:
#     content: metadata         # metadata (no prompt text) | hashed (SHA-256 of each text) | full
#     syslog: { host: 127.0.0.1, port: 514 }
#     otlp: { endpoint: "http://127.0.0.1:4318/v1/logs" }
# The servers the gate fronts; add them here, in the app, or with \`sampling-gate import\`. Example:
#   everything:
#     command: npx
#     args: [-y, "@modelcontextprotocol/server-everything"]
#     trust: ask
servers: {}
`;

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
  elicitation:                # a server asking you for input, by form or URL
    trust: trust              # deny | ask | trust (held anyway on a high risk flag)
    answerWith: auto          # client | gate | auto (the client when it declared that mode, else the gate's form)
    allowUrl: true            # URL mode (you still consent to every URL)
    urlHosts: []              # non-empty: URL mode only to these hosts ("*.example.com")
    rateLimit: { perMinute: 10, perHour: 100 }
  roots:                      # the directories your client tells a server about
    trust: trust              # deny: the server gets an empty list | ask: you see the list first | trust
    allow: []                 # non-empty: only roots under these directories reach the server
  allowServerMethods: []      # other server→client request methods relayed unexamined (ping always passes)
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

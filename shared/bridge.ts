/** The stdio bridge's handshake on the control socket: `GET /connect/<server-id>` with this Upgrade. */
export const BRIDGE_PROTOCOL = 'mcp-stdio';

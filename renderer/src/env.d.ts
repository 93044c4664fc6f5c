/** Ambient type for the Electron preload bridge. */
import type { GateBridge } from '../../shared/api.js';


declare global {
  interface Window {
    /** Present only inside the Electron app (electron/preload); the web UI uses the WebSocket. */
    gate?: GateBridge;
  }
}

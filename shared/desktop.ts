/**
 * What only the desktop shell offers the page, apart from the gate API: `window.desktop`, exposed by
 * the preload next to `window.gate`. Absent in the browser (`serve --ui`).
 */
export interface DesktopBridge {
  /** A click on a request's notification: show that request. */
  onOpenRequest(listener: (requestId: string) => void): () => void;
}

/**
 * The Content-Security-Policy the renderer runs under, in the desktop window and in a browser served
 * by `serve --ui`: no unsafe-eval, no unsafe-inline, images and audio only as data: URIs (a server's
 * remote image never loads), no network but the gate itself.
 */
export function rendererContentSecurityPolicy(extraConnectSrc = ''): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${extraConnectSrc ? ` ${extraConnectSrc}` : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

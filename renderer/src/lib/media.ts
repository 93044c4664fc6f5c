/**
 * Build data: URIs for previews from the base64 content a server sent — never a remote URL, so
 * nothing leaves the machine and CSP `img-src 'self' data:` holds. Only raster images and common
 * audio types: an SVG could carry script or external references.
 */

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif']);
const AUDIO_TYPES = new Set([
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  'audio/mpeg',
  'audio/mp3',
  'audio/ogg',
  'audio/webm',
  'audio/flac',
  'audio/aac',
  'audio/mp4',
]);
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type MediaKind = 'image' | 'audio';

export type MediaPreview =
  | { ok: true; uri: string; bytes: number; mimeType: string }
  | { ok: false; reason: string; mimeType: string };

export function mediaPreview(kind: MediaKind, mimeType: unknown, data: unknown): MediaPreview {
  const type = typeof mimeType === 'string' ? mimeType.trim().toLowerCase() : '';
  const allowed = kind === 'image' ? IMAGE_TYPES : AUDIO_TYPES;
  if (!allowed.has(type)) return { ok: false, reason: `no preview for type ${JSON.stringify(type || mimeType)}`, mimeType: type };
  if (typeof data !== 'string') return { ok: false, reason: 'data is not a base64 string', mimeType: type };
  const compact = data.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 === 1 || !BASE64.test(compact)) {
    return { ok: false, reason: 'data is not valid base64', mimeType: type };
  }
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  const bytes = Math.floor((compact.length * 3) / 4) - padding;
  return { ok: true, uri: `data:${type};base64,${compact}`, bytes, mimeType: type };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

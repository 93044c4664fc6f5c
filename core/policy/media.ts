/**
 * Media checks: the MIME types the gate can verify, and whether base64 bytes really are what the
 * server says they are. A PNG label on an SVG or an HTML file is how active content slips into a
 * client that previews images, so the declared type must match the magic bytes.
 */

type Sniffer = (b: Uint8Array) => boolean;

const ascii = (b: Uint8Array, at: number, text: string): boolean =>
  [...text].every((ch, i) => b[at + i] === ch.charCodeAt(0));

const riff = (kind: string): Sniffer => (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, kind);

/** Types whose bytes we can verify. Anything else (SVG, PDF, video …) is a protocol refusal. */
const SNIFFERS: Record<string, Sniffer> = {
  'image/png': (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a'),
  'image/webp': riff('WEBP'),
  'audio/wav': riff('WAVE'),
  'audio/x-wav': riff('WAVE'),
  'audio/wave': riff('WAVE'),
  'audio/mpeg': (b) => ascii(b, 0, 'ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0),
  'audio/ogg': (b) => ascii(b, 0, 'OggS'),
  'audio/flac': (b) => ascii(b, 0, 'fLaC'),
  'audio/webm': (b) => [0x1a, 0x45, 0xdf, 0xa3].every((x, i) => b[i] === x),
  'audio/mp4': (b) => ascii(b, 4, 'ftyp'),
};

export const VERIFIABLE_MEDIA_TYPES: readonly string[] = Object.keys(SNIFFERS);

/** Canonical form for comparing MIME types: lower case, no parameters allowed. */
export function normaliseMime(mime: string): string {
  return mime.trim().toLowerCase();
}

export function isVerifiableMediaType(mime: string): boolean {
  return Object.hasOwn(SNIFFERS, normaliseMime(mime));
}

/** Strict base64 (no whitespace, padding only at the end); the SDK's `atob` check is looser. */
// A single character-class loop: V8 runs it without a backtrack entry per character, so a
// 10 MB payload neither blows the regexp stack nor takes more than a few milliseconds.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isStrictBase64(data: string): boolean {
  return data.length > 0 && data.length % 4 === 0 && BASE64.test(data);
}

/** Only the first bytes are decoded: magic numbers live there, and a 6 MB image costs nothing. */
function head(data: string): Uint8Array {
  const prefix = data.slice(0, 32);
  const bin = atob(prefix.length % 4 === 0 ? prefix : prefix.slice(0, prefix.length - (prefix.length % 4)));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** True when the bytes start like the declared type. Call only with strict base64 and a verifiable type. */
export function bytesMatchType(data: string, mime: string): boolean {
  const sniff = SNIFFERS[normaliseMime(mime)];
  return sniff !== undefined && sniff(head(data));
}

/** Client server names → gate server ids (shared/config-schema.ts SERVER_ID), keeping valid names as they are. */
import { SERVER_ID } from '../../../shared/config-schema.js';

const MAX_ID = 64;

/** "My Server (prod)" → "My-Server-prod"; "Résumé" → "Resume"; nothing usable → "server". */
export function slugifyId(name: string): string {
  if (SERVER_ID.test(name)) return name;
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // combining marks: "é" → "e"
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX_ID)
    .replace(/[-.]+$/, '');
  return slug || 'server';
}

/** `base`, else `base-2`, `base-3`, … — the first id `taken` says no to, cut to fit SERVER_ID's length. */
export function uniqueId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = base.slice(0, MAX_ID - suffix.length) + suffix;
    if (!taken(id)) return id;
  }
}

/**
 * A sampling request's shape as a grant sees it (shared/grants.ts): what it asks for beyond text —
 * tools, context from the client's other servers, images or audio by type. A request approved by a
 * grant may carry these and nothing more: one that adds tools, context or a new media type asks again.
 */
export function samplingFeatures(params: Record<string, unknown>): string[] {
  const features = new Set<string>();
  if (Array.isArray(params.tools) && params.tools.length > 0) features.add('tools');
  if (typeof params.includeContext === 'string' && params.includeContext !== 'none') features.add(`includeContext:${params.includeContext}`);
  const messages = Array.isArray(params.messages) ? params.messages : [];
  for (const m of messages) {
    const content = (m as { content?: unknown } | null)?.content;
    for (const block of Array.isArray(content) ? content : [content]) {
      const b = block as { type?: unknown; mimeType?: unknown } | null;
      if (b && (b.type === 'image' || b.type === 'audio')) features.add(`media:${typeof b.mimeType === 'string' ? b.mimeType.slice(0, 100) : b.type}`);
    }
  }
  return [...features].sort();
}

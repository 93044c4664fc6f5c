/**
 * The content blocks of a sampling request, flattened with their paths: top-level message
 * content (a block or an array of blocks) and the blocks nested in `tool_result.content`.
 * Defensive on purpose — it runs on the raw params, before and after schema validation.
 */

export interface Block {
  /** Path segments from the params root to the block object. */
  segments: (string | number)[];
  /** The role of the message the block belongs to. */
  role: unknown;
  /** Set for blocks nested inside a tool_result. */
  nested: boolean;
  block: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function messagesOf(params: unknown): unknown[] {
  return isObject(params) && Array.isArray(params['messages']) ? params['messages'] : [];
}

export function* blocksOf(params: unknown): Generator<Block> {
  const messages = messagesOf(params);
  for (let i = 0; i < messages.length; i++) {
    const message = messages[i];
    if (!isObject(message)) continue;
    const content = message['content'];
    const top: [unknown, (string | number)[]][] = Array.isArray(content)
      ? content.map((b, j) => [b, ['messages', i, 'content', j]])
      : [[content, ['messages', i, 'content']]];
    for (const [block, segments] of top) {
      if (!isObject(block)) continue;
      yield { segments, role: message['role'], nested: false, block };
      const inner = block['type'] === 'tool_result' ? block['content'] : undefined;
      if (!Array.isArray(inner)) continue;
      for (let k = 0; k < inner.length; k++) {
        const nestedBlock = inner[k];
        if (isObject(nestedBlock)) {
          yield { segments: [...segments, 'content', k], role: message['role'], nested: true, block: nestedBlock };
        }
      }
    }
  }
}

export interface Media {
  segments: (string | number)[];
  mimeType: unknown;
  data: unknown;
  kind: 'image' | 'audio' | 'resource';
}

/** Every binary payload: image and audio blocks, and `blob` contents of embedded resources. */
export function* mediaOf(params: unknown): Generator<Media> {
  for (const { segments, block } of blocksOf(params)) {
    if (block['type'] === 'image' || block['type'] === 'audio') {
      yield { segments, mimeType: block['mimeType'], data: block['data'], kind: block['type'] };
    } else if (block['type'] === 'resource' && isObject(block['resource']) && 'blob' in block['resource']) {
      const r = block['resource'];
      yield { segments: [...segments, 'resource'], mimeType: r['mimeType'], data: r['blob'], kind: 'resource' };
    }
  }
}

/** True when the request involves tools in any way: `tools`, `toolChoice`, or tool_use/tool_result blocks. */
export function usesTools(params: unknown): boolean {
  if (isObject(params) && (params['tools'] !== undefined || params['toolChoice'] !== undefined)) return true;
  for (const { block } of blocksOf(params)) {
    if (block['type'] === 'tool_use' || block['type'] === 'tool_result') return true;
  }
  return false;
}

import type { ReactNode } from 'react';
import type { RiskFlag } from '../../../shared/types.js';
import { flagsForPath } from '../lib/highlight.js';
import { formatBytes, mediaPreview } from '../lib/media.js';
import type { BlockView } from '../lib/sampling-view.js';
import { JsonView, TextBlock } from './RichText.js';

export function ContentBlock({ block, flags }: { block: BlockView; flags: readonly RiskFlag[] }): ReactNode {
  switch (block.kind) {
    case 'text':
      return <TextBlock text={block.text} flags={flagsForPath(flags, block.path)} />;
    case 'image':
    case 'audio':
      return <MediaBlock block={block} />;
    case 'json':
      return (
        <div className="json-block">
          <div className="block-label">{block.label}</div>
          <JsonView value={block.value} label={block.label} />
        </div>
      );
  }
}

function MediaBlock({ block }: { block: Extract<BlockView, { kind: 'image' | 'audio' }> }): ReactNode {
  const preview = mediaPreview(block.kind, block.mimeType, block.data);
  if (!preview.ok) {
    return (
      <div className="media-block unavailable">
        <div className="block-label">{block.kind}</div>
        <p>
          {String(block.mimeType ?? 'unknown type')} — {preview.reason}
        </p>
      </div>
    );
  }
  const caption = `${preview.mimeType}, ${formatBytes(preview.bytes)}`;
  return (
    <figure className="media-block">
      {block.kind === 'image' ? (
        <img src={preview.uri} alt={`Image from the server (${caption})`} referrerPolicy="no-referrer" />
      ) : (
        <audio controls preload="metadata" src={preview.uri} aria-label={`Audio from the server (${caption})`} />
      )}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

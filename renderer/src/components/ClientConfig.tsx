/** The snippet to paste into a client config for one server (stdio bridge and Streamable HTTP). */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { ClientConfigSnippet } from '../../../shared/api.js';
import { useServers } from '../context.js';

export function ClientConfig({ serverId }: { serverId: string }): ReactNode {
  const clientConfig = useServers((s) => s.clientConfig);
  const [snippet, setSnippet] = useState<ClientConfigSnippet | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void clientConfig(serverId).then((r) => live && (r.ok ? setSnippet(r.value) : setError(r.error.message)));
    return () => {
      live = false;
    };
  }, [serverId, clientConfig]);

  if (error) return <p className="error">{error}</p>;
  if (!snippet) return <p className="muted">Loading…</p>;
  const stdio = JSON.stringify({ mcpServers: { [serverId]: snippet.stdio } }, null, 2);
  const http = JSON.stringify({ mcpServers: { [serverId]: { type: 'http', ...snippet.http } } }, null, 2);
  // The HTTP snippet carries the gate's token: masked on screen (screenshots, screen sharing), copied in full.
  const masked = JSON.stringify(
    { mcpServers: { [serverId]: { type: 'http', ...snippet.http, headers: Object.fromEntries(Object.keys(snippet.http.headers).map((k) => [k, '•••••••• (hidden, copied in full)'])) } } },
    null,
    2,
  );
  return (
    <div className="client-config">
      <Snippet title="stdio (Claude Desktop, Cursor, VS Code, …)" text={stdio} />
      <Snippet title="Streamable HTTP" text={http} shown={masked} />
    </div>
  );
}

function Snippet({ title, text, shown = text }: { title: string; text: string; shown?: string }): ReactNode {
  const [copied, setCopied] = useState(false);
  return (
    <div className="snippet">
      <div className="snippet-head">
        <span>{title}</span>
        <button
          type="button"
          className="btn small"
          aria-label={`Copy ${title} config`}
          onClick={() =>
            void navigator.clipboard.writeText(text).then(
              () => {
                setCopied(true);
                setTimeout(() => setCopied(false), 1500);
              },
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre className="json">{shown}</pre>
    </div>
  );
}

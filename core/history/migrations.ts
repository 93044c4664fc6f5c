/**
 * Numbered schema migrations, applied in order inside one transaction each; `PRAGMA user_version`
 * records the last one applied (Signal's approach). Never edit a shipped migration: add the next.
 */
import type { Database } from 'better-sqlite3';
import { indexedText } from './codec.js';

export const MIGRATIONS: readonly ((db: Database) => void)[] = [
  // 1: the event table. Request/response JSON is stored as received, as text.
  (db) =>
    db.exec(`
      CREATE TABLE events (
        id            TEXT PRIMARY KEY,
        server        TEXT NOT NULL,
        session_id    TEXT NOT NULL,
        era           TEXT NOT NULL,
        received_at   TEXT NOT NULL,
        decided_at    TEXT,
        completed_at  TEXT,
        outcome       TEXT NOT NULL,
        decided_by    TEXT,
        rule          TEXT,
        reason        TEXT,
        request       TEXT NOT NULL,
        final_request TEXT,
        response      TEXT,
        flags         TEXT NOT NULL DEFAULT '[]',
        tokens        INTEGER
      );
      CREATE INDEX events_received ON events (received_at);
      CREATE INDEX events_server_received ON events (server, received_at);
      CREATE INDEX events_outcome ON events (outcome);
    `),
  // 2: full-text search over the words of prompts and responses (not their JSON keys).
  (db) =>
    db.exec(`
      ALTER TABLE events ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
      CREATE VIRTUAL TABLE events_fts USING fts5(search_text, content='events', content_rowid='rowid');
      CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
        INSERT INTO events_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
      CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_fts(events_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      END;
      CREATE TRIGGER events_fts_update AFTER UPDATE OF search_text ON events BEGIN
        INSERT INTO events_fts(events_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO events_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
      END;
    `),
  // 3: the policy's evaluation trace (PolicyTraceStep[] as JSON), so `policy explain` can show
  // afterwards how a decision was reached. NULL for rows from before it and rows never evaluated.
  (db) => db.exec('ALTER TABLE events ADD COLUMN trace TEXT'),
  // 4: risk flags of the completion (evaluateResponse), kept apart from the request's flags: their
  // paths point into the response. NULL until a completion arrives.
  (db) => db.exec('ALTER TABLE events ADD COLUMN response_flags TEXT'),
  // 5: the limit queries run on every sampling request. Without these, the per-session count and
  // the token sum scanned a server's whole history (~40 ms each at 20,000 rows, measured by the
  // bench); the token index is on the exact expression the query uses, so SQLite can use it.
  (db) =>
    db.exec(`
      CREATE INDEX events_server_session_received ON events (server, session_id, received_at);
      CREATE INDEX events_server_charged ON events (server, coalesce(decided_at, received_at));
    `),
  // 6: answers from the user's own model (CONTRACT.md sections 7 and 8): who answered, the model id
  // in the completion, the provider's usage and its cost, and the plan shown when it was decided
  // (AnswerPlan JSON). NULL where unknown: the client answered, or the row predates providers.
  (db) =>
    db.exec(`
      ALTER TABLE events ADD COLUMN answered_by TEXT;
      ALTER TABLE events ADD COLUMN model TEXT;
      ALTER TABLE events ADD COLUMN input_tokens INTEGER;
      ALTER TABLE events ADD COLUMN output_tokens INTEGER;
      ALTER TABLE events ADD COLUMN cost_usd REAL;
      ALTER TABLE events ADD COLUMN answer TEXT;
    `),
  // 7: the audit outbox (issue 12). A row becomes final when completed_at is first set; a trigger
  // enqueues it in the same transaction, so an event is never final without being queued for the
  // exporters (nothing lost if the gate dies next), at no cost to the sampling path beyond one
  // insert. Enqueueing is on only while audit export is configured (audit_state.enabled). Each
  // sink keeps its own cursor, so a slow sink never holds back another; rows every sink has
  // passed are deleted, and past `maxOutbox` the oldest are dropped and counted.
  (db) =>
    db.exec(`
      CREATE TABLE audit_outbox (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id    TEXT NOT NULL,
        enqueued_at TEXT NOT NULL
      );
      CREATE TABLE audit_state (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        enabled INTEGER NOT NULL DEFAULT 0,
        dropped INTEGER NOT NULL DEFAULT 0
      );
      INSERT INTO audit_state (id, enabled, dropped) VALUES (1, 0, 0);
      CREATE TABLE audit_sinks (
        sink              TEXT PRIMARY KEY,
        delivered_seq     INTEGER NOT NULL DEFAULT 0,
        delivered         INTEGER NOT NULL DEFAULT 0,
        last_delivered_at TEXT,
        last_error        TEXT,
        last_error_at     TEXT
      );
      CREATE TRIGGER audit_enqueue_completed AFTER UPDATE OF completed_at ON events
        WHEN old.completed_at IS NULL AND new.completed_at IS NOT NULL AND (SELECT enabled FROM audit_state WHERE id = 1) = 1
      BEGIN
        INSERT INTO audit_outbox (event_id, enqueued_at) VALUES (new.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
      END;
      CREATE TRIGGER audit_enqueue_inserted AFTER INSERT ON events
        WHEN new.completed_at IS NOT NULL AND (SELECT enabled FROM audit_state WHERE id = 1) = 1
      BEGIN
        INSERT INTO audit_outbox (event_id, enqueued_at) VALUES (new.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
      END;
    `),
  // 8: lean history (issue 10). The search text lived twice — a column in every row and the index
  // built from it; now only the full-text index holds it (contentless, detail=none), written and
  // deleted by the store with the text it recomputes from the row (codec.ts indexedText). detail=
  // none: searches are words ANDed, never phrases, so positions were ~700 bytes of every event for
  // nothing. (contentless_delete=1 would spare the recomputation, but its deletes cost ~1 ms a row
  // with multi-second merges — retention froze the gate again.) Outcome filters get received_at
  // order from their index (a page of "auto-approved" no longer sorts most of the table), and
  // start-up finds rows left open without a scan. Every existing row is indexed once, here, with
  // the text the store would give it, so later deletes match exactly.
  (db) => {
    db.exec(`
      DROP TRIGGER events_fts_insert;
      DROP TRIGGER events_fts_delete;
      DROP TRIGGER events_fts_update;
      DROP TABLE events_fts;
      ALTER TABLE events DROP COLUMN search_text;
      CREATE VIRTUAL TABLE events_fts USING fts5(text, content='', detail=none);
      DROP INDEX events_outcome;
      CREATE INDEX events_outcome_received ON events (outcome, received_at);
      CREATE INDEX events_open ON events (received_at) WHERE completed_at IS NULL;
    `);
    const insert = db.prepare('INSERT INTO events_fts (rowid, text) VALUES (?, ?)');
    const page = db.prepare('SELECT rowid, request, final_request, response FROM events WHERE rowid > ? ORDER BY rowid LIMIT 1000');
    type Bodies = { rowid: number; request: string; final_request: string | null; response: string | null };
    for (let after = 0, rows = page.all(after) as Bodies[]; rows.length > 0; after = rows[rows.length - 1]!.rowid, rows = page.all(after) as Bodies[]) {
      for (const r of rows) insert.run(r.rowid, indexedText(r.request, r.final_request, r.response));
    }
  },
  // 9: the per-session count (seeding a session's counter, usage-counters.ts) by session alone: a
  // session belongs to one server, so (server, session_id, received_at) only made the key longer,
  // and it scattered every insert over one hot leaf per session and server — at a million events
  // and many open sessions each new row dirtied its own 16 KiB page there (issue 10: ~15 % of the
  // writer's time). Session ids are the gate's own; the count filters on server after the lookup.
  (db) =>
    db.exec(`
      DROP INDEX IF EXISTS events_server_session_received;
      CREATE INDEX IF NOT EXISTS events_session ON events (session_id);
    `),
  // 10: every server-initiated request, not only sampling (CONTRACT.md section 10): `kind`
  // (sampling | elicitation | roots; rows from before are sampling) and `detail`, the JSON of what
  // only that kind records (an elicitation's mode, who answered it, its secret fields, the URL's
  // parts). The history list filters by kind newest first, so (kind, received_at) is an index.
  (db) =>
    db.exec(`
      ALTER TABLE events ADD COLUMN kind TEXT NOT NULL DEFAULT 'sampling';
      ALTER TABLE events ADD COLUMN detail TEXT;
      CREATE INDEX events_kind_received ON events (kind, received_at);
    `),
  // 11: History at a glance (issue 23): the per-day charts and `history --stats` aggregate every
  // event of the filtered range. Grouped over the table itself that read every row's bodies and
  // sorted a million rows (~1 s at 1M, measured). This index holds only what the aggregates read,
  // in the order they group by — the UTC hour first (an expression, so no list or limit query picks
  // it by accident), received_at last for the exact range — so they stream it without a sort.
  // stats.ts folds hours into the user's days.
  (db) =>
    db.exec(`
      CREATE INDEX events_stats ON events (substr(received_at, 1, 13), kind, server, outcome, model, cost_usd, received_at);
    `),
];

export function migrate(db: Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`history.db is from a newer Sampling Gate (schema ${current}, this build knows ${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    const step = MIGRATIONS[v]!;
    db.transaction(() => {
      step(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return MIGRATIONS.length;
}

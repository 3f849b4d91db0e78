// Schema, versioned with PRAGMA user_version. Append migrations; never edit a shipped one.
import type { Db } from './db.js';

export const MIGRATIONS: readonly string[] = [
  // 1: documents, clauses, folded full-text index, index bookkeeping
  `
  CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    hash TEXT NOT NULL,
    title TEXT NOT NULL,
    short_name TEXT NOT NULL,
    issuer TEXT,
    place TEXT,
    doc_number TEXT,
    signed_iso TEXT,
    signed_precision TEXT,
    signed_text TEXT,
    school_year TEXT,
    year_start INTEGER,
    year_end INTEGER,
    clause_count INTEGER NOT NULL,
    indexed_at TEXT NOT NULL
  );
  CREATE TABLE clauses (
    id INTEGER PRIMARY KEY,
    clause_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    label TEXT NOT NULL,
    heading TEXT NOT NULL,
    body TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id TEXT,
    ord INTEGER NOT NULL,
    depth INTEGER NOT NULL,
    line_start INTEGER NOT NULL,
    line_end INTEGER NOT NULL,
    breadcrumb TEXT NOT NULL,
    text_hash TEXT NOT NULL
  );
  CREATE INDEX clauses_doc_ord ON clauses(doc_id, ord);
  CREATE VIRTUAL TABLE clause_fts USING fts5(heading, body, context, tokenize = "unicode61 tokenchars '_'");
  CREATE TABLE index_errors (
    file TEXT PRIMARY KEY,
    doc_id TEXT,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // 2: plan facts extracted at index time (src/facts), each tied to its clause; removed with
  // their document or clause (ON DELETE CASCADE). fact_docs records the extractor version.
  `
  CREATE TABLE fact_docs (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    extracted_at TEXT NOT NULL
  );
  CREATE TABLE fact_deadlines (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    clause_id TEXT NOT NULL REFERENCES clauses(clause_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    task TEXT NOT NULL,
    responsible TEXT,
    responsible_keys TEXT NOT NULL,
    due TEXT,
    due_last TEXT,
    precision TEXT,
    kind TEXT NOT NULL,
    recurrence TEXT,
    date_text TEXT NOT NULL,
    quote TEXT NOT NULL
  );
  CREATE INDEX fact_deadlines_due ON fact_deadlines(due_last);
  CREATE INDEX fact_deadlines_doc ON fact_deadlines(doc_id, ord);
  CREATE TABLE fact_targets (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    clause_id TEXT NOT NULL REFERENCES clauses(clause_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    comparator TEXT,
    value TEXT NOT NULL,
    number REAL,
    number_max REAL,
    unit TEXT,
    level TEXT,
    subgroup TEXT,
    school_year TEXT,
    quote TEXT NOT NULL
  );
  CREATE INDEX fact_targets_doc ON fact_targets(doc_id, level, ord);
  CREATE TABLE fact_responsibilities (
    id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    clause_id TEXT NOT NULL REFERENCES clauses(clause_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    agency TEXT NOT NULL,
    agency_key TEXT NOT NULL,
    members TEXT NOT NULL,
    member_keys TEXT NOT NULL,
    role TEXT NOT NULL,
    duty TEXT NOT NULL,
    partners TEXT NOT NULL,
    quote TEXT NOT NULL,
    source TEXT NOT NULL
  );
  CREATE INDEX fact_responsibilities_doc ON fact_responsibilities(doc_id, ord);
  CREATE INDEX fact_responsibilities_agency ON fact_responsibilities(agency_key);
  `,
  // 3: the people planbot talks to, on any platform, and what they follow. A chat is where
  // replies and reminders go (a private chat or a group); inactive once the platform says
  // it can no longer be reached (Telegram 403, a closed Zalo window is not inactivity).
  // A subscription's target is an agency key (src/facts/agencies.ts), a document id, or ''
  // for all; created_at lets reminders spare a late subscriber what already passed.
  `
  CREATE TABLE chats (
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    chat_type TEXT NOT NULL DEFAULT 'private',
    user_id TEXT,
    user_name TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    inactive_reason TEXT,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id)
  );
  CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('agency', 'doc', 'all')),
    target TEXT NOT NULL,
    label TEXT NOT NULL,
    include_programmes INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (platform, chat_id, kind, target),
    FOREIGN KEY (platform, chat_id) REFERENCES chats(platform, chat_id) ON DELETE CASCADE
  );
  CREATE INDEX subscriptions_target ON subscriptions(kind, target);
  `,
  // 4: the chat core's memory (src/store/chats.ts). Every question asked in a chat with what was
  // answered (for /stats and the feedback export); feedback (a 👍/👎 vote, one per person and
  // answer, or a /feedback comment) tied to the question it is about; and the payloads behind
  // short button keys, so a button sent last month still works after a restart.
  `
  CREATE TABLE question_log (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    user_id TEXT,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    lang TEXT,
    intent TEXT,
    abstained INTEGER NOT NULL,
    citations TEXT NOT NULL,
    asked_at TEXT NOT NULL
  );
  CREATE INDEX question_log_chat ON question_log(platform, chat_id, id);
  CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    question_id INTEGER REFERENCES question_log(id) ON DELETE SET NULL,
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    vote TEXT CHECK (vote IN ('up', 'down')),
    comment TEXT,
    created_at TEXT NOT NULL,
    CHECK (vote IS NOT NULL OR comment IS NOT NULL)
  );
  CREATE UNIQUE INDEX feedback_one_vote ON feedback(question_id, platform, user_id) WHERE vote IS NOT NULL;
  CREATE TABLE callback_keys (
    key TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // reminders (src/store/outbox.ts, src/notify): the outbox, one row per subscriber × deadline ×
  // offset (or a summary, or a weekly digest) under a unique key; the log of every send attempt
  // and planning change; the lease that lets one sender at a time send. No foreign key to
  // fact_deadlines: a row outlives a re-index that drops its deadline, to be cancelled with why.
  `
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reminder', 'summary', 'digest')),
    deadline_id TEXT,
    doc_id TEXT,
    offset_days INTEGER,
    due_last TEXT,
    send_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'in_flight', 'sent', 'failed', 'stopped', 'cancelled', 'held')),
    attempts INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    resend INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    message_id TEXT,
    reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    FOREIGN KEY (platform, chat_id) REFERENCES chats(platform, chat_id) ON DELETE CASCADE
  );
  CREATE INDEX outbox_due ON outbox(status, send_at);
  CREATE INDEX outbox_chat ON outbox(platform, chat_id, status);
  CREATE INDEX outbox_deadline ON outbox(deadline_id);
  CREATE TABLE outbox_attempts (
    id INTEGER PRIMARY KEY,
    outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    attempt INTEGER NOT NULL,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT,
    sender TEXT
  );
  CREATE INDEX outbox_attempts_row ON outbox_attempts(outbox_id, id);
  CREATE TABLE sender_lease (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  `,
  // plan formats and versions (src/corpus/formats, src/corpus/versions.ts): what a document was
  // read from (text, docx, pdf), when its file was written, and the newer version of the same
  // plan (same issuer, number and school year) that supersedes it, if any. Superseded
  // documents stay stored and addressable; retrieval leaves them out unless asked for.
  `
  ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT 'text';
  ALTER TABLE documents ADD COLUMN received_at TEXT;
  ALTER TABLE documents ADD COLUMN superseded_by TEXT;
  `,
  // Zalo OA (src/store/zalo.ts): the token pair, which rotates on every refresh (one row;
  // refreshing_since marks a refresh under way, so a crash in the middle is seen at the next
  // start), and the ids of webhook events already taken, so a replay is refused.
  `
  CREATE TABLE zalo_tokens (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    access_token TEXT,
    refresh_token TEXT,
    expires_at TEXT,
    refreshing_since TEXT,
    state TEXT NOT NULL DEFAULT 'ok',
    reason TEXT,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE zalo_events (
    event_id TEXT PRIMARY KEY,
    received_at TEXT NOT NULL
  );
  CREATE INDEX zalo_events_received ON zalo_events(received_at);
  `,
  // The chat inbox (src/store/chats.ts): every incoming message or button press is written here
  // before the platform is told it arrived (the next getUpdates offset, a webhook's 200), and
  // marked done once answered, so a crash in between loses no question: the next start
  // answers what is still open.
  `
  CREATE TABLE chat_inbox (
    platform TEXT NOT NULL,
    update_key TEXT NOT NULL,
    payload TEXT NOT NULL,
    received_at TEXT NOT NULL,
    done_at TEXT,
    PRIMARY KEY (platform, update_key)
  );
  CREATE INDEX chat_inbox_open ON chat_inbox(platform, done_at);
  `,
  // header metadata beyond the first fields (src/corpus/header): the kind of document, the
  // issuer's level and type, the decision an attached plan is issued with, the period it
  // covers, the signer (JSON {name, position, text}), and which metadata extractor read it, so
  // an unchanged file is re-read when the extractor changes.
  `
  ALTER TABLE documents ADD COLUMN doc_kind TEXT;
  ALTER TABLE documents ADD COLUMN issuer_level TEXT;
  ALTER TABLE documents ADD COLUMN issuer_type TEXT;
  ALTER TABLE documents ADD COLUMN enclosing_number TEXT;
  ALTER TABLE documents ADD COLUMN period TEXT;
  ALTER TABLE documents ADD COLUMN signer TEXT;
  ALTER TABLE documents ADD COLUMN meta_version INTEGER NOT NULL DEFAULT 0;
  `,
  // Dated tasks of decisions and circulars (src/facts/deadlines.ts): the optional details a
  // deadline may carry (recursOn, starts, relative), as JSON; NULL when it has none.
  `
  ALTER TABLE fact_deadlines ADD COLUMN detail TEXT;
  `,
  // zalo-delivery (issue 13; renumber freely at a merge, it depends only on the outbox and chats):
  // the outbox also carries chat replies (kind 'reply'), which reference the message they answer
  // (reply_to: Zalo counts a reply as one only then) and which a platform may hold until a given
  // time (a monthly quota); released_at orders reminders kept for a person who writes again. The
  // table is rebuilt for the new CHECK (SQLite cannot alter one; migrate() turns foreign keys off
  // around migrations so outbox_attempts keeps its rows). zalo_quota counts the month's proactive
  // messages; zalo_users the last message each person sent (a reply references it, and the
  // 48-hour window runs from it); zalo_replies counts the free replies used against each message
  // (Zalo allows a few per message); zalo_notices remembers what a person has been told once.
  `
  CREATE TABLE outbox_new (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reminder', 'summary', 'digest', 'reply')),
    deadline_id TEXT,
    doc_id TEXT,
    offset_days INTEGER,
    due_last TEXT,
    send_at TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'in_flight', 'sent', 'failed', 'stopped', 'cancelled', 'held')),
    attempts INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    resend INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    message_id TEXT,
    reason TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT,
    reply_to TEXT,
    held_until TEXT,
    released_at TEXT,
    FOREIGN KEY (platform, chat_id) REFERENCES chats(platform, chat_id) ON DELETE CASCADE
  );
  INSERT INTO outbox_new (id, key, platform, chat_id, kind, deadline_id, doc_id, offset_days, due_last, send_at, payload, status, attempts, failures,
                          next_attempt_at, resend, claimed_by, message_id, reason, created_at, updated_at, sent_at)
    SELECT id, key, platform, chat_id, kind, deadline_id, doc_id, offset_days, due_last, send_at, payload, status, attempts, failures,
           next_attempt_at, resend, claimed_by, message_id, reason, created_at, updated_at, sent_at FROM outbox;
  DROP TABLE outbox;
  ALTER TABLE outbox_new RENAME TO outbox;
  CREATE INDEX outbox_due ON outbox(status, send_at);
  CREATE INDEX outbox_chat ON outbox(platform, chat_id, status);
  CREATE INDEX outbox_deadline ON outbox(deadline_id);
  CREATE TABLE zalo_quota (
    month TEXT PRIMARY KEY,
    used INTEGER NOT NULL
  );
  CREATE TABLE zalo_users (
    user_id TEXT PRIMARY KEY,
    last_msg_id TEXT,
    last_msg_at TEXT NOT NULL
  );
  CREATE TABLE zalo_replies (
    user_id TEXT NOT NULL,
    msg_id TEXT NOT NULL,
    at TEXT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, msg_id)
  );
  CREATE TABLE zalo_notices (
    chat_id TEXT NOT NULL,
    notice TEXT NOT NULL,
    told_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, notice)
  );
  `,
  // Clause lookups that must not read every row. Suggestions (src/store/clauseSuggestions.ts): a
  // mistyped id is looked up by its sorted neighbours and by its path, case-insensitively. And
  // replacing a plan deletes its clauses, whose ON DELETE CASCADE looked for each clause's facts
  // by scanning the fact tables: seconds of write lock for a large plan, with a server waiting.
  `
  CREATE INDEX IF NOT EXISTS clauses_lower_id ON clauses(lower(clause_id));
  CREATE INDEX IF NOT EXISTS clauses_lower_path ON clauses(lower(path));
  CREATE INDEX IF NOT EXISTS fact_deadlines_clause ON fact_deadlines(clause_id);
  CREATE INDEX IF NOT EXISTS fact_targets_clause ON fact_targets(clause_id);
  CREATE INDEX IF NOT EXISTS fact_responsibilities_clause ON fact_responsibilities(clause_id);
  `,
  // A clause's children (an answer's sub-items, a section asked for) without reading every
  // clause: 50 ms a lookup at 100 000 clauses.
  `
  CREATE INDEX IF NOT EXISTS clauses_parent ON clauses(parent_id, ord);
  `,
  // Scans read by OCR (src/corpus/formats/ocr.ts): a clause's page and its words' mean
  // recognition confidence (0–1; null for text), and whether the document was OCR'd at all.
  `
  ALTER TABLE clauses ADD COLUMN page INTEGER;
  ALTER TABLE clauses ADD COLUMN ocr_confidence REAL;
  ALTER TABLE documents ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0;
  `,
  // The plans' words as written, kept by the indexer (src/store/words.ts) so that answering
  // does not read every plan's clauses first: every plan's words together (counts as written
  // and folded, how many plans write a word folding to the term; adjacent pairs by how many
  // plans write them), the same plan by plan (doc_terms, doc_pairs: for a question about some
  // plans; `doc` is word_docs' key), and the abbreviations each plan defines. Used while the setting
  // 'words_version' is the answerer's WORDS_VERSION.
  `
  CREATE TABLE vocab_terms (
    term TEXT PRIMARY KEY,
    exact INTEGER NOT NULL,
    folded INTEGER NOT NULL,
    fold_docs INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE vocab_pairs (
    pair TEXT PRIMARY KEY,
    docs INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE doc_abbreviations (
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ord INTEGER NOT NULL,
    abbr TEXT NOT NULL,
    full TEXT NOT NULL,
    PRIMARY KEY (doc_id, ord)
  ) WITHOUT ROWID;
  CREATE TABLE word_docs (
    doc INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE REFERENCES documents(doc_id) ON DELETE CASCADE
  );
  CREATE TABLE doc_terms (
    doc INTEGER NOT NULL,
    term TEXT NOT NULL,
    exact INTEGER NOT NULL,
    folded INTEGER NOT NULL,
    PRIMARY KEY (doc, term)
  ) WITHOUT ROWID;
  CREATE TABLE doc_pairs (
    doc INTEGER NOT NULL,
    pair TEXT NOT NULL,
    PRIMARY KEY (doc, pair)
  ) WITHOUT ROWID;
  `,
  // The plans' words plan by plan by number, not text (issue 16: 8.8 M rows of text at 2 500
  // plans): word_ids numbers each word once (as written or folded); doc_words holds what
  // doc_terms held, by the word's number; doc_word_pairs each adjacent pair as one number,
  // first word's × 2^26 + second word's (src/store/words.ts, PAIR_BASE). The rows already
  // stored are carried over (a pair's words are among its plan's terms).
  `
  CREATE TABLE word_ids (
    id INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE
  );
  INSERT INTO word_ids (word) SELECT DISTINCT term FROM doc_terms ORDER BY term;
  INSERT OR IGNORE INTO word_ids (word) SELECT substr(pair, 1, instr(pair, ' ') - 1) FROM doc_pairs;
  INSERT OR IGNORE INTO word_ids (word) SELECT substr(pair, instr(pair, ' ') + 1) FROM doc_pairs;
  CREATE TABLE doc_words (
    doc INTEGER NOT NULL,
    word INTEGER NOT NULL,
    exact INTEGER NOT NULL,
    folded INTEGER NOT NULL,
    PRIMARY KEY (doc, word)
  ) WITHOUT ROWID;
  INSERT INTO doc_words (doc, word, exact, folded)
    SELECT t.doc, i.id, t.exact, t.folded FROM doc_terms t JOIN word_ids i ON i.word = t.term ORDER BY t.doc, i.id;
  CREATE TABLE doc_word_pairs (
    doc INTEGER NOT NULL,
    pair INTEGER NOT NULL,
    PRIMARY KEY (doc, pair)
  ) WITHOUT ROWID;
  INSERT INTO doc_word_pairs (doc, pair)
    SELECT p.doc, a.id * 67108864 + b.id FROM doc_pairs p
      JOIN word_ids a ON a.word = substr(p.pair, 1, instr(p.pair, ' ') - 1)
      JOIN word_ids b ON b.word = substr(p.pair, instr(p.pair, ' ') + 1)
    ORDER BY 1, 2;
  DROP TABLE doc_terms;
  DROP TABLE doc_pairs;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export async function migrate(db: Db): Promise<number> {
  const row = await db.get<{ user_version: number }>('PRAGMA user_version');
  const from = row?.user_version ?? 0;
  if (from > SCHEMA_VERSION) {
    throw new Error(`the index was written by a newer planbot (schema ${from}, this one knows ${SCHEMA_VERSION})`);
  }
  if (from === SCHEMA_VERSION) return SCHEMA_VERSION;
  // A migration that rebuilds a table must not cascade its DROP into the tables that refer to it;
  // the pragma is a no-op inside a transaction, so it is set around them (rebuilt tables keep their ids).
  const fk = (await db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))?.foreign_keys ?? 0;
  await db.exec('PRAGMA foreign_keys = OFF');
  try {
    for (let v = from; v < SCHEMA_VERSION; v++) {
      await db.transaction(async () => {
        await db.exec(MIGRATIONS[v]);
        await db.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
  } finally {
    await db.exec(`PRAGMA foreign_keys = ${fk ? 'ON' : 'OFF'}`);
  }
  return SCHEMA_VERSION;
}

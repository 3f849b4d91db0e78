// The plan store: documents, clauses and their folded full-text index in one SQLite file.
// Everything above this layer talks to these methods, never to SQL, so another backend
// can take over behind the same interface.
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Db, BUSY_WAIT_MS } from './db.js';
import { migrate } from './migrations.js';
import type { Clause, DocumentMeta, ParsedDocument } from '../corpus/types.js';
import { METADATA_VERSION } from '../corpus/metadata.js';
import { BREADCRUMB_SEP, clauseRows, type ClauseRows } from './clauseRows.js';
import type { PlanFacts } from '../facts/index.js';
import { FactStore } from './facts.js';
import { ChatStore } from './chats.js';
import { ZaloStore } from './zalo.js';
import { suggestClauseIds } from './clauseSuggestions.js';
import { WordStore } from './words.js';
import { planWords, type PlanWords } from '../answer/vocabulary.js';

export interface DocumentRow extends DocumentMeta {
  file: string;
  hash: string;
  clauseCount: number;
  indexedAt: string;
  yearStart: number | null;
  yearEnd: number | null;
  /** What the document was read from: "text", "docx", "pdf" or an image ("png", "jpeg", "tiff"). */
  format: string;
  /** When its file was written (ISO), which orders versions signed the same day. */
  receivedAt: string | null;
  /** The newer version of the same plan, when there is one (see src/corpus/versions.ts). */
  supersededBy: string | null;
  /** The metadata extractor version that read it (METADATA_VERSION in src/corpus/metadata.ts). */
  metaVersion: number;
  /** Read by OCR from a scan: its text may hold recognition errors. */
  ocr: boolean;
}

/** A stored clause: the parsed clause without its line list, plus what the store derives. */
export interface ClauseRow extends Omit<Clause, 'lines'> {
  /** Ancestor headings, outermost first. */
  breadcrumb: string[];
  textHash: string;
}

export interface IndexError {
  file: string;
  docId: string | null;
  reason: string;
  at: string;
}

export interface LexicalHit {
  clauseId: string;
  /** bm25, sign flipped: higher is better. */
  score: number;
}

export class StoreMissingError extends Error {}

/** Where a document was read from (Store.replaceDocument). */
export interface DocumentSource {
  file: string;
  hash: string;
  format?: string;
  receivedAt?: string;
  ocr?: boolean;
}

/** One document to write: as parsed, its facts when extracted, its words and rows when computed already (a parse worker). */
export interface DocumentWrite {
  doc: ParsedDocument;
  source: DocumentSource;
  facts?: PlanFacts;
  words?: PlanWords;
  rows?: ClauseRows;
}

/** Clause rows per INSERT: 17 columns × 200 stays well under SQLite's 32 766 parameters. */
const INSERT_BATCH = 200;
/** bm25 with the heading weighing twice the body, the context (breadcrumb, title) half. */
const BM25 = 'bm25(clause_fts, 2.0, 1.0, 0.5)';
/** A unit in more than this share of clauses has no bm25 weight (its idf is clamped): not searched with. */
const COMMON_UNIT_SHARE = 0.5;
/** …in a corpus of this many clauses or more (a province's plans; the five plans hold 196). */
const COMMON_UNITS_FROM = 5000;
/** Up to this many runs of row ids (plans asked about, or runs of them side by side) are searched run by run… */
const RANGE_SEARCH_RUNS = 4;
/** …and up to this many in one search that leaves out the matches outside them before scoring. */
const RANGE_FILTER_RUNS = 64;
/** FTS5's bm25 constant k1 (fixed in SQLite's source): a unit's contribution stays below (k1 + 1) × idf. */
const FTS5_BM25_K1 = 1.2;
/** Units in at most this share of clauses give the score the best clauses must reach (MaxScore's floor). */
const RARE_UNIT_SHARE = 0.05;
/**
 * Only the clauses an essential unit matches are scored (by every unit, so their scores are the
 * whole search's); the others cannot reach the best k (see essentialUnits).
 */
const ONLY_ESSENTIAL = ' AND +rowid IN (SELECT rowid FROM clause_fts WHERE clause_fts MATCH ?)';
/** Row id constraints added to a full-text search (the runs of the plans asked about). */
interface RowFilter {
  sql: string;
  params: number[];
}
/** Best matches taken before filtering, at most; a filter leaving fewer than this needs searches the whole match. */
const TOP_K_MAX = 4096;

export interface LexicalOptions {
  docIds?: string[];
  limit: number;
  includeSuperseded?: boolean;
  /** Search with every unit, the commonest too (for the test that they change no ranking). */
  allUnits?: boolean;
}

interface ClauseRanges {
  ranges: Map<string, ClauseRange>;
  total: number;
  superseded: Set<string>;
}

interface ClauseRange {
  min: number;
  max: number;
  count: number;
  /** The document's clauses hold every row id from min to max (they are inserted together). */
  contiguous: boolean;
  /** The document's place in row id order (every document's clauses contiguous), else -1. */
  position: number;
}

/**
 * The row id runs to search for these documents' clauses, each holding theirs only: documents
 * next to each other in row id order make one run (when every document's clauses are
 * contiguous), else each document its own. Null when there would be more than RANGE_FILTER_RUNS.
 */
function runsOf(docIds: string[], ranges: Map<string, ClauseRange>): { min: number; max: number }[] | null {
  const rs = docIds.map((d) => ranges.get(d)!);
  if (!rs.every((r) => r.contiguous)) return null;
  if (rs.some((r) => r.position < 0)) return rs.length <= RANGE_FILTER_RUNS ? [...new Set(rs)].map((r) => ({ min: r.min, max: r.max })) : null;
  const sorted = [...new Set(rs)].sort((a, b) => a.position - b.position);
  const runs: { min: number; max: number; last: number }[] = [];
  for (const r of sorted) {
    const run = runs[runs.length - 1];
    if (run && run.last + 1 === r.position) {
      run.max = r.max;
      run.last = r.position;
    } else {
      if (runs.length === RANGE_FILTER_RUNS) return null;
      runs.push({ min: r.min, max: r.max, last: r.position });
    }
  }
  return runs.map(({ min, max }) => ({ min, max }));
}

export { clauseTitle } from './clauseRows.js';

/** FTS5 query over lexical units: each unit quoted, OR-ed; bm25 rewards the rarer ones. */
export function ftsQuery(units: string[]): string {
  return [...new Set(units)].map((u) => `"${u.replace(/"/g, '')}"`).join(' OR ');
}

interface DocRecord {
  doc_id: string;
  file: string;
  hash: string;
  title: string;
  short_name: string;
  issuer: string | null;
  place: string | null;
  doc_number: string | null;
  signed_iso: string | null;
  signed_precision: string | null;
  signed_text: string | null;
  school_year: string | null;
  year_start: number | null;
  year_end: number | null;
  clause_count: number;
  indexed_at: string;
  format: string | null;
  received_at: string | null;
  superseded_by: string | null;
  doc_kind: string | null;
  issuer_level: string | null;
  issuer_type: string | null;
  enclosing_number: string | null;
  period: string | null;
  signer: string | null;
  meta_version: number;
  ocr: number | null;
}

interface ClauseRecord {
  clause_id: string;
  doc_id: string;
  path: string;
  label: string;
  heading: string;
  body: string;
  kind: string;
  parent_id: string | null;
  ord: number;
  depth: number;
  line_start: number;
  line_end: number;
  breadcrumb: string;
  text_hash: string;
  page: number | null;
  ocr_confidence: number | null;
}

function toDocument(r: DocRecord): DocumentRow {
  return {
    docId: r.doc_id,
    file: r.file,
    hash: r.hash,
    title: r.title,
    shortName: r.short_name,
    issuer: r.issuer,
    place: r.place,
    docNumber: r.doc_number,
    signed: r.signed_iso ? { iso: r.signed_iso, precision: r.signed_precision as 'day', text: r.signed_text ?? '' } : null,
    schoolYear: r.school_year,
    yearStart: r.year_start,
    yearEnd: r.year_end,
    clauseCount: r.clause_count,
    indexedAt: r.indexed_at,
    format: r.format ?? 'text',
    receivedAt: r.received_at,
    supersededBy: r.superseded_by,
    docKind: r.doc_kind,
    issuerLevel: r.issuer_level as DocumentRow['issuerLevel'],
    issuerType: r.issuer_type,
    enclosingNumber: r.enclosing_number,
    period: r.period,
    signer: r.signer ? (JSON.parse(r.signer) as DocumentRow['signer']) : null,
    metaVersion: r.meta_version,
    ocr: Boolean(r.ocr),
  };
}

function toClause(r: ClauseRecord): ClauseRow {
  return {
    id: r.clause_id,
    docId: r.doc_id,
    path: r.path,
    label: r.label,
    heading: r.heading,
    text: r.body,
    kind: r.kind as ClauseRow['kind'],
    parentId: r.parent_id,
    order: r.ord,
    depth: r.depth,
    lineStart: r.line_start,
    lineEnd: r.line_end,
    breadcrumb: r.breadcrumb ? r.breadcrumb.split(BREADCRUMB_SEP) : [],
    textHash: r.text_hash,
    ...(r.page != null ? { page: r.page } : {}),
    ...(r.ocr_confidence != null ? { ocrConfidence: r.ocr_confidence } : {}),
  };
}

export class Store {
  /** Targets, responsibilities and deadlines of the plans (src/store/facts.ts). */
  readonly facts: FactStore;
  /** Chats, subscriptions, the question log, feedback and button keys (src/store/chats.ts). */
  readonly chats: ChatStore;
  /** Zalo OA tokens and webhook event ids (src/store/zalo.ts). */
  readonly zalo: ZaloStore;
  /** The plans' words as written, and the abbreviations each defines (src/store/words.ts). */
  readonly words: WordStore;

  private constructor(readonly db: Db) {
    this.facts = new FactStore(db);
    this.words = new WordStore(db);
    this.chats = new ChatStore(db);
    this.zalo = new ZaloStore(db);
  }

  /** Opens the store; with create=false a missing file is a StoreMissingError. */
  /** `secretKey` (PLANBOT_SECRET_KEY) encrypts the Zalo token pair at rest. */
  static async open(dbPath: string, opts: { create: boolean; secretKey?: string | null }): Promise<Store> {
    if (!opts.create && !existsSync(dbPath)) {
      throw new StoreMissingError(`no index at ${dbPath}: run \`planbot index\` first`);
    }
    await mkdir(path.dirname(dbPath), { recursive: true });
    const db = await Db.open(dbPath);
    await db.exec(`PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${BUSY_WAIT_MS}; PRAGMA synchronous = NORMAL;`);
    await migrate(db);
    const store = new Store(db);
    store.zalo.useSecret(opts.secretKey ?? null);
    return store;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // ---- documents ----

  async listDocuments(): Promise<DocumentRow[]> {
    const rows = await this.db.all<DocRecord>('SELECT * FROM documents ORDER BY doc_id');
    return rows.map(toDocument);
  }

  async getDocument(docId: string): Promise<DocumentRow | undefined> {
    const r = await this.db.get<DocRecord>('SELECT * FROM documents WHERE doc_id = ?', [docId]);
    return r && toDocument(r);
  }

  /**
   * Replaces a document and all its clauses, and its facts when given, in one transaction. All
   * that can be computed is computed before it (lexical units, breadcrumbs, cross-references)
   * and rows go in batches, so the write lock is held briefly even for a large plan: another
   * process answering from this file waits little.
   */
  async replaceDocument(doc: ParsedDocument, source: DocumentSource, facts?: PlanFacts, words?: PlanWords): Promise<void> {
    await this.replaceDocuments([{ doc, source, facts, words }]);
  }

  /**
   * Replaces several documents in one transaction (an index pass writes a few new plans at a
   * time): each as replaceDocument would, their full-text rows last. SQLite's full-text index
   * writes what it holds as a segment of its own whenever a statement of the transaction opens
   * a savepoint (every insert with foreign keys does), so inserted between other rows each plan's
   * rows made a segment, and merging 2 500 small segments was a fifth of a fresh index.
   */
  async replaceDocuments(items: DocumentWrite[]): Promise<void> {
    const prepared = items.map((it) => {
      const { doc } = it;
      // What answering reads of the plan's words (computed by a parse worker when there is one), from its texts in clause order.
      const words = it.words ?? planWords([...doc.clauses].sort((a, b) => a.order - b.order).map((c) => c.text));
      return { ...it, words, rows: it.rows ?? clauseRows(doc) };
    });
    const fts: unknown[][] = [];
    try {
      await this.db.transaction(async () => {
        for (const { doc, source, facts, words, rows } of prepared) {
          const { meta, clauses } = doc;
          const years = meta.schoolYear?.split('-').map(Number) ?? [];
          await this.words.removing(meta.docId);
          await this.deleteDocumentRows(meta.docId);
          await this.db.run(
            `INSERT INTO documents (doc_id, file, hash, title, short_name, issuer, place, doc_number, signed_iso, signed_precision, signed_text,
               school_year, year_start, year_end, clause_count, indexed_at, format, received_at, ocr) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
            [
              meta.docId, source.file, source.hash, meta.title, meta.shortName, meta.issuer, meta.place, meta.docNumber,
              meta.signed?.iso ?? null, meta.signed?.precision ?? null, meta.signed?.text ?? null, meta.schoolYear,
              years[0] ?? null, years[1] ?? null, clauses.length, new Date().toISOString(), source.format ?? 'text', source.receivedAt ?? null, source.ocr ? 1 : 0,
            ],
          );
          await this.writeMeta(meta);
          // Row ids are given, not taken from each insert, so clauses and their FTS rows go in batches.
          const first = ((await this.db.get<{ id: number | null }>('SELECT max(id) AS id FROM clauses'))?.id ?? 0) + 1;
          for (let i = 0; i < rows.clauses.length; i += INSERT_BATCH) {
            const batch = rows.clauses.slice(i, i + INSERT_BATCH);
            await this.db.run(
              `INSERT INTO clauses (id, clause_id, doc_id, path, label, heading, body, kind, parent_id, ord, depth, line_start, line_end, breadcrumb, text_hash, page, ocr_confidence)
               VALUES ${batch.map(() => '(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
              batch.flatMap((r, j) => [first + i + j, ...r]),
            );
          }
          rows.fts.forEach((r, j) => fts.push([first + j, ...r]));
          if (facts) await this.facts.insert(facts);
          await this.words.added(meta.docId, words);
        }
        for (let i = 0; i < fts.length; i += INSERT_BATCH) {
          const batch = fts.slice(i, i + INSERT_BATCH);
          await this.db.run(`INSERT INTO clause_fts (rowid, heading, body, context) VALUES ${batch.map(() => '(?,?,?,?)').join(',')}`, batch.flat());
        }
        await this.bumpGeneration();
      });
    } catch (err) {
      this.words.forgetIds();
      throw err;
    }
  }

  /** An index pass begins: the plans' words are counted together at its end (finishWords). */
  beginWords(): Promise<void> {
    return this.words.begin();
  }

  /** The index pass ends: the plans' words counted in it are written, the generation raised once more. */
  async finishWords(): Promise<void> {
    await this.words.finish(() => this.bumpGeneration());
  }

  /** The index pass failed: what it counted is dropped (the next pass counts every plan again). */
  abandonWords(): void {
    this.words.abandon();
  }

  /**
   * The index generation: a number every change to the plans' content raises, in the same
   * transaction as the change. A server answering from this file (perhaps while `planbot index`
   * runs in another process) reloads what it keeps in memory when it sees the number move.
   */
  async indexGeneration(): Promise<number> {
    const r = await this.db.get<{ value: string }>("SELECT value FROM settings WHERE key = 'index_generation'");
    return r ? Number(r.value) : 0;
  }

  /** Raises the index generation (inside a content transaction, or after the vectors of a pass are saved). */
  async bumpGeneration(): Promise<void> {
    this.writes++;
    await this.db.run("INSERT INTO settings (key, value) VALUES ('index_generation', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
  }

  /** Replaces the facts of a stored document (re-extraction with a newer extractor), in one transaction. */
  async replaceFacts(facts: PlanFacts): Promise<void> {
    this.writes++;
    await this.db.transaction(async () => {
      await this.facts.replace(facts);
      await this.bumpGeneration();
    });
  }

  async removeDocument(docId: string): Promise<void> {
    try {
      await this.db.transaction(async () => {
        await this.words.removing(docId);
        await this.deleteDocumentRows(docId);
        await this.bumpGeneration();
      });
    } catch (err) {
      this.words.forgetIds();
      throw err;
    }
  }

  private async deleteDocumentRows(docId: string): Promise<void> {
    this.writes++;
    await this.db.run('DELETE FROM clause_fts WHERE rowid IN (SELECT id FROM clauses WHERE doc_id = ?)', [docId]);
    await this.db.run('DELETE FROM clauses WHERE doc_id = ?', [docId]);
    await this.db.run('DELETE FROM documents WHERE doc_id = ?', [docId]);
  }

  /** Records which documents are superseded, and by which (all others: none), in one transaction. */
  /**
   * The header metadata of a stored document, rewritten in place: what an index does for an
   * unchanged file when the metadata extractor has changed (its clauses stay as they are).
   */
  async updateMeta(meta: DocumentMeta): Promise<void> {
    this.writes++;
    const years = meta.schoolYear?.split('-').map(Number) ?? [];
    await this.db.transaction(async () => {
      await this.db.run(
        `UPDATE documents SET title = ?, short_name = ?, issuer = ?, place = ?, doc_number = ?, signed_iso = ?, signed_precision = ?, signed_text = ?,
           school_year = ?, year_start = ?, year_end = ? WHERE doc_id = ?`,
        [
          meta.title, meta.shortName, meta.issuer, meta.place, meta.docNumber, meta.signed?.iso ?? null, meta.signed?.precision ?? null,
          meta.signed?.text ?? null, meta.schoolYear, years[0] ?? null, years[1] ?? null, meta.docId,
        ],
      );
      await this.writeMeta(meta);
      await this.bumpGeneration();
    });
  }

  private async writeMeta(meta: DocumentMeta): Promise<void> {
    await this.db.run(
      `UPDATE documents SET doc_kind = ?, issuer_level = ?, issuer_type = ?, enclosing_number = ?, period = ?, signer = ?, meta_version = ? WHERE doc_id = ?`,
      [meta.docKind, meta.issuerLevel, meta.issuerType, meta.enclosingNumber, meta.period, meta.signer ? JSON.stringify(meta.signer) : null, METADATA_VERSION, meta.docId],
    );
  }

  async setSupersession(supersededBy: Map<string, string | null>): Promise<void> {
    this.writes++;
    await this.db.transaction(async () => {
      let changes = 0;
      for (const [docId, by] of supersededBy) changes += (await this.db.run('UPDATE documents SET superseded_by = ? WHERE doc_id = ? AND superseded_by IS NOT ?', [by, docId, by])).changes;
      if (changes) await this.bumpGeneration();
    });
  }

  /** Documents a newer version supersedes: left out of retrieval unless asked for. */
  async supersededDocIds(): Promise<string[]> {
    const rows = await this.db.all<{ doc_id: string }>('SELECT doc_id FROM documents WHERE superseded_by IS NOT NULL ORDER BY doc_id');
    return rows.map((r) => r.doc_id);
  }

  // ---- index errors (files that could not be read) ----

  async recordError(e: Omit<IndexError, 'at'>): Promise<void> {
    await this.db.run('INSERT OR REPLACE INTO index_errors (file, doc_id, reason, at) VALUES (?,?,?,?)', [e.file, e.docId, e.reason, new Date().toISOString()]);
  }

  async clearErrors(keepFiles: string[]): Promise<void> {
    const rows = await this.db.all<{ file: string }>('SELECT file FROM index_errors');
    for (const r of rows) if (!keepFiles.includes(r.file)) await this.db.run('DELETE FROM index_errors WHERE file = ?', [r.file]);
  }

  async listErrors(): Promise<IndexError[]> {
    const rows = await this.db.all<{ file: string; doc_id: string | null; reason: string; at: string }>('SELECT * FROM index_errors ORDER BY file');
    return rows.map((r) => ({ file: r.file, docId: r.doc_id, reason: r.reason, at: r.at }));
  }

  // ---- clauses ----

  async getClause(id: string): Promise<ClauseRow | undefined> {
    const r = await this.db.get<ClauseRecord>('SELECT * FROM clauses WHERE clause_id = ?', [id]);
    if (r) return toClause(r);
    // A closing table is now read as #recipients and #signature; a citation of the old #closing still opens.
    if (id.endsWith('#closing')) return (await this.getClause(id.replace(/#closing$/, '#recipients'))) ?? this.getClause(id.replace(/#closing$/, '#signature'));
    return undefined;
  }

  async getClauses(ids: string[]): Promise<Map<string, ClauseRow>> {
    const out = new Map<string, ClauseRow>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await this.db.all<ClauseRecord>(`SELECT * FROM clauses WHERE clause_id IN (${chunk.map(() => '?').join(',')})`, chunk);
      for (const r of rows) out.set(r.clause_id, toClause(r));
    }
    return out;
  }

  /**
   * Clauses at a numbering path in any of the documents (all when none are given): the path itself
   * ("dieu-3.1") or the same path inside a part of its own ("quy-dinh.dieu-3.1").
   */
  async clausesAtPath(path: string, docIds?: string[]): Promise<ClauseRow[]> {
    const suffix = `%.${path.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
    const scope = docIds?.length ? ` AND doc_id IN (${docIds.map(() => '?').join(',')})` : '';
    const rows = await this.db.all<ClauseRecord>(`SELECT * FROM clauses WHERE (path = ? OR path LIKE ? ESCAPE '\\')${scope} ORDER BY doc_id, ord LIMIT 50`, [path, suffix, ...(docIds ?? [])]);
    return rows.map(toClause);
  }

  /** A clause and its descendants in document order (a section asked for whole), at most `limit`. */
  async subtree(id: string, limit = 60): Promise<ClauseRow[]> {
    const out: ClauseRow[] = [];
    const root = await this.getClause(id);
    if (!root) return out;
    const queue = [root];
    while (queue.length && out.length < limit) {
      const c = queue.shift()!;
      out.push(c);
      queue.unshift(...(await this.children(c.id)));
    }
    return out;
  }

  async clausesOf(docId: string): Promise<ClauseRow[]> {
    const rows = await this.db.all<ClauseRecord>('SELECT * FROM clauses WHERE doc_id = ? ORDER BY ord', [docId]);
    return rows.map(toClause);
  }

  async children(id: string): Promise<ClauseRow[]> {
    const rows = await this.db.all<ClauseRecord>('SELECT * FROM clauses WHERE parent_id = ? ORDER BY ord', [id]);
    return rows.map(toClause);
  }

  /** The clauses just before and after in document order. */
  async neighbours(c: ClauseRow): Promise<{ prev: string | null; next: string | null }> {
    const prev = await this.db.get<{ clause_id: string }>('SELECT clause_id FROM clauses WHERE doc_id = ? AND ord < ? ORDER BY ord DESC LIMIT 1', [c.docId, c.order]);
    const next = await this.db.get<{ clause_id: string }>('SELECT clause_id FROM clauses WHERE doc_id = ? AND ord > ? ORDER BY ord LIMIT 1', [c.docId, c.order]);
    return { prev: prev?.clause_id ?? null, next: next?.clause_id ?? null };
  }

  async allClauseIds(): Promise<string[]> {
    const rows = await this.db.all<{ clause_id: string }>('SELECT clause_id FROM clauses ORDER BY doc_id, ord');
    return rows.map((r) => r.clause_id);
  }

  /** Ids close to a mistyped one (a bare path as `?#III.1.1`); a few indexed lookups, whatever the corpus size. */
  suggestClauseIds(id: string, max = 3): Promise<string[]> {
    return suggestClauseIds(this.db, id, max);
  }

  async countClauses(): Promise<number> {
    const r = await this.db.get<{ n: number }>('SELECT count(*) AS n FROM clauses');
    return r?.n ?? 0;
  }

  /**
   * Full-text search over folded units; docIds restricts to those documents. Superseded
   * versions of a plan are left out unless includeSuperseded.
   */
  async lexicalSearch(units: string[], opts: LexicalOptions): Promise<LexicalHit[]> {
    if (units.length === 0) return [];
    if (opts.docIds?.length === 0) return [];
    const searched = opts.allUnits ? units : await this.withoutCommonUnits(units);
    const match = ftsQuery(searched);
    // The work is bounded by the hits asked for, not by the corpus: a common word matches most
    // of 100 000 clauses, and joining each match to its clause (for the filters) was most of a
    // question's time. FTS ranks alone, the best few are joined and filtered here.
    const { ranges, total, superseded } = await this.clauseRanges();
    const allowed = (opts.docIds ?? [...ranges.keys()]).filter((d) => ranges.has(d) && (opts.includeSuperseded || !superseded.has(d)));
    if (allowed.length === 0) return [];
    const share = allowed.reduce((n, d) => n + ranges.get(d)!.count, 0) / Math.max(1, total);
    // A few plans, or plans whose clauses lie side by side (a year's plans, read in file order):
    // each run of their row ids is searched by itself, which FTS5 seeks to directly.
    const runs = opts.docIds ? runsOf(allowed, ranges) : null;
    if (runs && runs.length > RANGE_SEARCH_RUNS) {
      // Many runs: one search over their span, each match outside them left out before it is
      // scored (bm25 of every match was the time); the same rows in the same order as the whole
      // filtered search, which meets the same matches in the same order.
      const span = [Math.min(...runs.map((r) => r.min)), Math.max(...runs.map((r) => r.max))];
      const within: RowFilter = {
        sql: ` AND rowid BETWEEN ? AND ? AND (${runs.map(() => 'rowid BETWEEN ? AND ?').join(' OR ')})`,
        params: [...span, ...runs.flatMap((r) => [r.min, r.max])],
      };
      const essential = await this.essentialUnits(searched, opts.limit, within);
      // With essential units the runs are checked inside their (fewer) matches, not on every match.
      const rows = await this.db.all<{ id: number; score: number }>(
        essential
          ? `SELECT rowid AS id, ${BM25} AS score FROM clause_fts WHERE clause_fts MATCH ? AND rowid BETWEEN ? AND ?
                AND +rowid IN (SELECT rowid FROM clause_fts WHERE clause_fts MATCH ?${within.sql}) ORDER BY score LIMIT ?`
          : `SELECT rowid AS id, ${BM25} AS score FROM clause_fts WHERE clause_fts MATCH ?${within.sql} ORDER BY score LIMIT ?`,
        essential ? [match, ...span, ftsQuery(essential), ...within.params, opts.limit] : [match, ...within.params, opts.limit],
      );
      return this.hitsOfRows(rows);
    }
    if (runs) {
      const rows: { id: number; score: number }[] = [];
      for (const r of runs) {
        rows.push(...(await this.db.all<{ id: number; score: number }>(
          `SELECT rowid AS id, ${BM25} AS score FROM clause_fts WHERE clause_fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY score LIMIT ?`,
          [match, r.min, r.max, opts.limit],
        )));
      }
      // Ties in row id order, as one ranked query over all of them gives them.
      rows.sort((a, b) => a.score - b.score || a.id - b.id);
      return this.hitsOfRows(rows.slice(0, opts.limit));
    }
    // Enough of the best matches that the filters leave `limit` of them; else the whole search, once.
    const k = Math.ceil((opts.limit * 4) / share);
    if (k <= TOP_K_MAX) {
      const keep = new Set(allowed);
      const essential = await this.essentialUnits(searched, k);
      const top = await this.db.all<{ clause_id: string; doc_id: string; score: number }>(
        `SELECT c.clause_id, c.doc_id, t.score
           FROM (SELECT rowid, ${BM25} AS score FROM clause_fts WHERE clause_fts MATCH ?${essential ? ONLY_ESSENTIAL : ''} ORDER BY score LIMIT ?) t
           CROSS JOIN clauses c ON c.id = t.rowid
          ORDER BY t.score`,
        essential ? [match, ftsQuery(essential), k] : [match, k],
      );
      const kept = top.filter((r) => keep.has(r.doc_id));
      if (kept.length >= opts.limit || top.length < k) return kept.slice(0, opts.limit).map((r) => ({ clauseId: r.clause_id, score: -r.score }));
    }
    return this.lexicalSearchAll(units, opts);
  }

  /**
   * The units without those most clauses contain ("năm", "học" in a province's plans): bm25 gives
   * a word in more than half the clauses no weight (FTS5 clamps its idf to 1e-6), so it changes no
   * ranking, but every clause it matches must be scored. Kept when nothing else is left.
   */
  private async withoutCommonUnits(units: string[]): Promise<string[]> {
    const { df, total } = await this.documentFrequencies(units);
    // A small corpus has every match composed anyway (a few plans, an official's own upload): a
    // clause only common units match may still be the answer, and there is no work to bound.
    if (total < this.commonUnitsFrom) return units;
    const kept = units.filter((u) => (df.get(u) ?? 0) <= total * COMMON_UNIT_SHARE);
    // Left with units no clause has, the search would find nothing: keep them all.
    return kept.some((u) => (df.get(u) ?? 0) > 0) ? kept : units;
  }

  /**
   * MaxScore over bm25: a unit adds at most (k1 + 1) × idf to a clause's score (FTS5's k1 is 1.2),
   * so a clause matching only the commonest units, whose ceilings sum below the k-th best score
   * the rare units alone give, cannot be among the best k. Those units are left out of the set
   * whose matches are scored; null when none can be (scoring every match was a question's time).
   */
  private async essentialUnits(units: string[], k: number, within: RowFilter = { sql: '', params: [] }): Promise<string[] | null> {
    const { df, total } = await this.documentFrequencies(units);
    if (total < this.commonUnitsFrom) return null;
    const uniq = [...new Set(units)];
    const rare = uniq.filter((u) => (df.get(u) ?? 0) <= total * RARE_UNIT_SHARE);
    // Fewer than k clauses hold a rare unit: their k-th best score is no bound.
    if (rare.reduce((n, u) => n + (df.get(u) ?? 0), 0) < k) return null;
    const kth = await this.db.all<{ score: number }>(`SELECT ${BM25} AS score FROM clause_fts WHERE clause_fts MATCH ?${within.sql} ORDER BY score LIMIT ?`, [ftsQuery(rare), ...within.params, k]);
    if (kth.length < k) return null;
    const floor = -kth[kth.length - 1].score;
    const idf = (u: string) => Math.max(1e-6, Math.log((total - (df.get(u) ?? 0) + 0.5) / ((df.get(u) ?? 0) + 0.5)));
    // A hair above the true ceiling, so that rounding never leaves out a clause that belongs.
    const ceiling = (u: string) => (FTS5_BM25_K1 + 1) * idf(u) * 1.001;
    const commonFirst = uniq.sort((a, b) => idf(a) - idf(b));
    let sum = 0;
    let cut = 0;
    while (cut < commonFirst.length - 1 && sum + ceiling(commonFirst[cut]) < floor) sum += ceiling(commonFirst[cut++]);
    return cut > 0 ? commonFirst.slice(cut) : null;
  }

  /** From this many clauses on, the units more than half of them contain are left out of a search. */
  commonUnitsFrom = COMMON_UNITS_FROM;

  /** Every match joined to its clause and filtered: for filters that leave few of the best matches (and the reference the tests hold lexicalSearch to). */
  async lexicalSearchAll(units: string[], opts: LexicalOptions): Promise<LexicalHit[]> {
    if (units.length === 0 || opts.docIds?.length === 0) return [];
    const params: unknown[] = [ftsQuery(opts.allUnits ? units : await this.withoutCommonUnits(units))];
    let filter = '';
    if (opts.docIds) {
      filter = ` AND c.doc_id IN (${opts.docIds.map(() => '?').join(',')})`;
      params.push(...opts.docIds);
    }
    if (!opts.includeSuperseded) filter += ' AND c.doc_id NOT IN (SELECT doc_id FROM documents WHERE superseded_by IS NOT NULL)';
    params.push(opts.limit);
    // CROSS JOIN keeps the full-text match the outer loop. With a document filter SQLite would
    // otherwise walk the documents' clauses and run the whole MATCH again for each one: seconds
    // per question once a large plan is indexed.
    const rows = await this.db.all<{ clause_id: string; score: number }>(
      `SELECT c.clause_id, ${BM25} AS score
         FROM clause_fts CROSS JOIN clauses c ON c.id = clause_fts.rowid
        WHERE clause_fts MATCH ?${filter}
        ORDER BY score LIMIT ?`,
      params,
    );
    return rows.map((r) => ({ clauseId: r.clause_id, score: -r.score }));
  }

  private async hitsOfRows(rows: { id: number; score: number }[]): Promise<LexicalHit[]> {
    if (rows.length === 0) return [];
    const ids = await this.db.all<{ id: number; clause_id: string }>(`SELECT id, clause_id FROM clauses WHERE id IN (${rows.map(() => '?').join(',')})`, rows.map((r) => r.id));
    const byId = new Map(ids.map((r) => [r.id, r.clause_id]));
    return rows.filter((r) => byId.has(r.id)).map((r) => ({ clauseId: byId.get(r.id)!, score: -r.score }));
  }

  private rangesCache: { version: string; value: Promise<ClauseRanges> } | null = null;

  /** Each document's clause row ids (first, last, count) and the superseded documents, read once per change of the database. */
  private async clauseRanges(): Promise<ClauseRanges> {
    const version = await this.cacheVersion();
    if (this.rangesCache?.version !== version) {
      const value = Promise.all([
        this.db.all<{ doc_id: string; lo: number; hi: number; n: number }>('SELECT doc_id, min(id) AS lo, max(id) AS hi, count(*) AS n FROM clauses GROUP BY doc_id'),
        this.supersededDocIds(),
      ]).then(([rows, superseded]) => {
        const ranges = new Map<string, ClauseRange>(rows.map((r) => [r.doc_id, { min: r.lo, max: r.hi, count: r.n, contiguous: r.hi - r.lo + 1 === r.n, position: -1 }]));
        // Every document's clauses contiguous: their runs do not interleave, and neighbours in row id order can be searched as one run.
        if ([...ranges.values()].every((r) => r.contiguous)) [...ranges.values()].sort((a, b) => a.min - b.min).forEach((r, i) => (r.position = i));
        return { ranges, total: rows.reduce((n, r) => n + r.n, 0), superseded: new Set(superseded) };
      });
      // A failed read is not kept: the next search reads again.
      value.catch(() => {
        if (this.rangesCache?.value === value) this.rangesCache = null;
      });
      this.rangesCache = { version, value };
    }
    return this.rangesCache.value;
  }

  /** Changes whenever the database does, here or in another process. */
  private async cacheVersion(): Promise<string> {
    const v = await this.db.get<{ data_version: number }>('PRAGMA data_version');
    return `${v?.data_version}:${this.writes}`;
  }

  private dfCache = new Map<string, number>();
  private dfVersion: string | null = null;

  /**
   * Document frequency of each unit among clauses (for evidence weighting). Cached until the
   * database changes, here or in another process (PRAGMA data_version and the clause count).
   */
  async documentFrequencies(units: string[]): Promise<{ df: Map<string, number>; total: number }> {
    const total = await this.countClauses();
    const v = await this.db.get<{ data_version: number }>('PRAGMA data_version');
    const version = `${v?.data_version}:${total}:${this.writes}`;
    if (version !== this.dfVersion) {
      this.dfCache.clear();
      this.dfVersion = version;
    }
    const df = new Map<string, number>();
    for (const u of new Set(units)) {
      let n = this.dfCache.get(u);
      if (n === undefined) {
        const r = await this.db.get<{ n: number }>('SELECT count(*) AS n FROM clause_fts WHERE clause_fts MATCH ?', [ftsQuery([u])]);
        n = r?.n ?? 0;
        this.dfCache.set(u, n);
      }
      df.set(u, n);
    }
    return { df, total };
  }

  /** Writes made through this connection (data_version only counts other connections'). */
  private writes = 0;

  /** Whether any clause contains this text as written (diacritics count). */
  /** Whether any clause (of these documents, when given) writes the text, case aside. */
  async containsText(text: string, docIds?: string[]): Promise<boolean> {
    // EXISTS stops at the first clause that has it (count(*) read every clause).
    const within = docIds?.length ? ` AND doc_id IN (${docIds.map(() => '?').join(',')})` : '';
    const r = await this.db.get<{ found: number }>(`SELECT EXISTS (SELECT 1 FROM clauses WHERE instr(lower(body), lower(?)) > 0${within}) AS found`, [text, ...(docIds ?? [])]);
    return r?.found === 1;
  }

  // ---- settings ----

  /** Merges the full-text index into one segment (FTS5 'optimize'); the rows searched do not change. */
  async optimizeSearch(): Promise<void> {
    await this.db.run("INSERT INTO clause_fts(clause_fts) VALUES('optimize')");
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.db.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', [key, value]);
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (await this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value;
  }
}

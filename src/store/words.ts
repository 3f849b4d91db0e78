// The plans' words as written (src/answer/vocabulary.ts), kept in the index so that a question
// does not need every plan's clauses read and their vocabulary built first (18–30 s and most of
// the memory at 2 500 plans). Every plan's words together are stored as counts (vocab_terms,
// vocab_pairs: a plan added adds its counts, a plan removed or replaced takes its own away,
// recomputed from its stored clauses), and each plan's defined abbreviations as rows of their own.
//
// Outside an index pass each change is applied in its document's transaction. Within one
// (begin … finish) the counts are summed in memory and written once at the end, in one
// transaction that also raises the index generation: a pass of 2 500 new plans would otherwise
// rewrite the same few thousand rows 2 500 times. Until then the stored counts are those of the
// last pass (the abbreviations are each plan's own, current); a pass that stopped half way is
// marked (words_pending), and the next one counts every plan again.
//
// Plan by plan (doc_words, doc_word_pairs: 8.8 M rows of text at 2 500 plans before migration
// 16) the words are stored by number: word_ids numbers each word once, a pair is one number
// (PAIR_BASE). The numbers are kept in memory, checked against the table's largest in each
// write transaction (another process may have numbered words) and forgotten when one fails.
import type { Db } from './db.js';
import { planWords, ScopeExcerpt, VocabularyExcerpt, WORDS_VERSION, wordsOf, type PlanWords, type StoredTerm } from '../answer/vocabulary.js';

/** exact, folded, fold_docs */
type TermCounts = [number, number, number];

interface Counts {
  terms: Map<string, TermCounts>;
  pairs: Map<string, number>;
}

const BATCH = 400;
/** A pair of words is stored as one number: the first word's × PAIR_BASE + the second's (migration 16). */
export const PAIR_BASE = 2 ** 26;

interface WordIds {
  byWord: Map<string, number>;
  max: number;
}

function addTo(c: Counts, w: Omit<PlanWords, 'abbreviations'>, sign: 1 | -1): void {
  const term = (t: string) => {
    let x = c.terms.get(t);
    if (!x) c.terms.set(t, (x = [0, 0, 0]));
    return x;
  };
  for (const [t, n] of w.exact) term(t)[0] += sign * n;
  for (const [t, n] of w.folded) term(t)[1] += sign * n;
  for (const t of w.foldedSet) term(t)[2] += sign;
  for (const p of w.pairs) c.pairs.set(p, (c.pairs.get(p) ?? 0) + sign);
}

const emptyCounts = (): Counts => ({ terms: new Map(), pairs: new Map() });

export class WordStore {
  /** Within an index pass: the counts to add at its end; rebuild: every plan's counted again then. */
  private pass: { counts: Counts; rebuild: boolean; written: Set<string>; marked: boolean } | null = null;
  /** The words' numbers (word_ids), as far as this connection knows them. */
  private ids: WordIds | null = null;

  constructor(private readonly db: Db) {}

  private async setting(key: string): Promise<string | undefined> {
    return (await this.db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value;
  }

  /** Whether the stored words were written by this version (answering may use them). */
  async usable(): Promise<boolean> {
    return (await this.setting('words_version')) === WORDS_VERSION;
  }

  /** Whether the stored counts are this version's and no pass stopped half way (they may be updated in place). */
  private async current(): Promise<boolean> {
    return (await this.usable()) && (await this.setting('words_pending')) === undefined;
  }

  private async storedWords(docId: string): Promise<PlanWords> {
    const rows = await this.db.all<{ body: string }>('SELECT body FROM clauses WHERE doc_id = ? ORDER BY ord', [docId]);
    return planWords(rows.map((r) => r.body));
  }

  /** An index pass begins: changes are summed until finish(). */
  async begin(): Promise<void> {
    this.pass = { counts: emptyCounts(), rebuild: !(await this.current()), written: new Set(), marked: false };
  }

  /** The pass failed: nothing it counted is written (words_pending, if set, stays: the next pass counts every plan). */
  abandon(): void {
    this.pass = null;
    this.ids = null;
  }

  /** In a document's transaction, before its rows are deleted. */
  async removing(docId: string): Promise<void> {
    const exists = await this.db.get('SELECT 1 FROM documents WHERE doc_id = ?', [docId]);
    if (!exists) return;
    if (this.pass) {
      // Rebuilding, only a plan counted in this pass is taken away (the others are counted at its end).
      if (!this.pass.rebuild || this.pass.written.delete(docId)) addTo(this.pass.counts, await this.storedWords(docId), -1);
      await this.markPending();
    } else if (await this.current()) {
      const c = emptyCounts();
      addTo(c, await this.storedWords(docId), -1);
      await this.write(c);
    }
    await this.deletePlanRows(docId);
  }

  /** In a document's transaction, after its rows are written. */
  async added(docId: string, words: PlanWords): Promise<void> {
    await this.writePlanRows(docId, words);
    if (this.pass) {
      this.pass.written.add(docId);
      addTo(this.pass.counts, words, 1);
      await this.markPending();
    } else if (await this.current()) {
      const c = emptyCounts();
      addTo(c, words, 1);
      await this.write(c);
    }
  }

  private async deletePlanRows(docId: string): Promise<void> {
    const key = (await this.db.get<{ doc: number }>('SELECT doc FROM word_docs WHERE doc_id = ?', [docId]))?.doc;
    if (key !== undefined) {
      await this.db.run('DELETE FROM doc_words WHERE doc = ?', [key]);
      await this.db.run('DELETE FROM doc_word_pairs WHERE doc = ?', [key]);
      await this.db.run('DELETE FROM word_docs WHERE doc = ?', [key]);
    }
    await this.db.run('DELETE FROM doc_abbreviations WHERE doc_id = ?', [docId]);
  }

  /**
   * The words' numbers as stored, brought up to date (inside a write transaction: no other
   * connection adds any meanwhile). Numbers only grow; fewer rows than known means a
   * transaction of this connection that numbered words was rolled back: read them all again.
   */
  private async syncIds(): Promise<WordIds> {
    const max = (await this.db.get<{ id: number | null }>('SELECT max(id) AS id FROM word_ids'))?.id ?? 0;
    let d = this.ids;
    if (!d || max < d.max) d = this.ids = { byWord: new Map(), max: 0 };
    if (max > d.max) {
      const rows = await this.db.all<{ id: number; word: string }>('SELECT id, word FROM word_ids WHERE id > ?', [d.max]);
      for (const r of rows) d.byWord.set(r.word, r.id);
      d.max = max;
    }
    return d;
  }

  /** Words numbered in a transaction that failed: known again from the table next time. */
  forgetIds(): void {
    this.ids = null;
  }

  /** One plan's own words (for questions about some plans) and abbreviations; a few statements, the rows passed as JSON. */
  private async writePlanRows(docId: string, words: PlanWords): Promise<void> {
    await this.deletePlanRows(docId);
    const { lastID: key } = await this.db.run('INSERT INTO word_docs (doc_id) VALUES (?)', [docId]);
    const d = await this.syncIds();
    const added: [number, string][] = [];
    const idOf = (w: string): number => {
      let id = d.byWord.get(w);
      if (id === undefined) {
        id = ++d.max;
        if (id >= PAIR_BASE) throw new Error(`more than ${PAIR_BASE - 1} words numbered`);
        d.byWord.set(w, id);
        added.push([id, w]);
      }
      return id;
    };
    // [id, exact, folded] by id
    const terms = new Map<number, [number, number, number]>();
    for (const [t, n] of words.exact) {
      const id = idOf(t);
      terms.set(id, [id, n, 0]);
    }
    for (const [t, n] of words.folded) {
      const id = idOf(t);
      const x = terms.get(id);
      if (x) x[2] = n;
      else terms.set(id, [id, 0, n]);
    }
    const pairs = words.pairs.map((p) => {
      const sp = p.indexOf(' ');
      return idOf(p.slice(0, sp)) * PAIR_BASE + idOf(p.slice(sp + 1));
    });
    if (added.length) await this.db.run('INSERT INTO word_ids (id, word) SELECT value ->> 0, value ->> 1 FROM json_each(?)', [JSON.stringify(added)]);
    const rows = [...terms.values()].sort((a, b) => a[0] - b[0]);
    await this.db.run('INSERT INTO doc_words (doc, word, exact, folded) SELECT ?, value ->> 0, value ->> 1, value ->> 2 FROM json_each(?)', [key, JSON.stringify(rows)]);
    await this.db.run('INSERT INTO doc_word_pairs (doc, pair) SELECT ?, value FROM json_each(?)', [key, JSON.stringify(pairs.sort((a, b) => a - b))]);
    if (words.abbreviations.length) await this.db.run("INSERT INTO doc_abbreviations (doc_id, ord, abbr, full) SELECT ?, key, value ->> 0, value ->> 1 FROM json_each(?)", [docId, JSON.stringify(words.abbreviations)]);
  }

  /** The stored numbers of these words (those no plan writes have none). */
  private async storedIds(words: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < words.length; i += BATCH) {
      const batch = words.slice(i, i + BATCH);
      const rows = await this.db.all<{ id: number; word: string }>(`SELECT id, word FROM word_ids WHERE word IN (${batch.map(() => '?').join(',')})`, batch);
      for (const r of rows) out.set(r.word, r.id);
    }
    return out;
  }

  private async markPending(): Promise<void> {
    if (this.pass!.marked) return;
    this.pass!.marked = true;
    await this.db.run("INSERT OR REPLACE INTO settings (key, value) VALUES ('words_pending', '1')");
  }

  /**
   * The pass ends: its counts are written (every plan's, when the stored ones were not current),
   * in one transaction with `then` (the generation raised). Whether anything was written.
   */
  async finish(then: () => Promise<void>): Promise<boolean> {
    const pass = this.pass;
    this.pass = null;
    if (!pass) return false;
    if (!pass.rebuild && !pass.marked) return false;
    try {
      await this.db.transaction(async () => {
        if (pass.rebuild) {
          await this.db.exec('DELETE FROM vocab_terms; DELETE FROM vocab_pairs;');
          const docs = await this.db.all<{ doc_id: string }>('SELECT doc_id FROM documents ORDER BY doc_id');
          for (const { doc_id } of docs) {
            if (pass.written.has(doc_id)) continue;
            const words = await this.storedWords(doc_id);
            addTo(pass.counts, words, 1);
            await this.writePlanRows(doc_id, words);
          }
        }
        await this.write(pass.counts);
        await this.db.run("INSERT OR REPLACE INTO settings (key, value) VALUES ('words_version', ?)", [WORDS_VERSION]);
        await this.db.run("DELETE FROM settings WHERE key = 'words_pending'");
        await then();
      });
    } catch (err) {
      this.ids = null; // words numbered in the transaction rolled back
      throw err;
    }
    return true;
  }

  /** Adds counts to the stored ones (inside a transaction); terms and pairs no plan has any more go. */
  private async write(c: Counts): Promise<void> {
    const terms = [...c.terms].filter(([, x]) => x[0] || x[1] || x[2]);
    for (let i = 0; i < terms.length; i += BATCH) {
      const batch = terms.slice(i, i + BATCH);
      await this.db.run(
        `INSERT INTO vocab_terms (term, exact, folded, fold_docs) VALUES ${batch.map(() => '(?,?,?,?)').join(',')}
         ON CONFLICT(term) DO UPDATE SET exact = exact + excluded.exact, folded = folded + excluded.folded, fold_docs = fold_docs + excluded.fold_docs`,
        batch.flatMap(([t, x]) => [t, ...x]),
      );
    }
    const pairs = [...c.pairs].filter(([, n]) => n);
    for (let i = 0; i < pairs.length; i += BATCH) {
      const batch = pairs.slice(i, i + BATCH);
      await this.db.run(
        `INSERT INTO vocab_pairs (pair, docs) VALUES ${batch.map(() => '(?,?)').join(',')} ON CONFLICT(pair) DO UPDATE SET docs = docs + excluded.docs`,
        batch.flat(),
      );
    }
    if (terms.some(([, x]) => x[0] < 0 || x[1] < 0 || x[2] < 0)) await this.db.run('DELETE FROM vocab_terms WHERE exact = 0 AND folded = 0 AND fold_docs = 0');
    if (pairs.some(([, n]) => n < 0)) await this.db.run('DELETE FROM vocab_pairs WHERE docs <= 0');
  }

  /** The stored words a question asks about: these terms and pairs, those the plans do not have recorded as absent. */
  async excerpt(terms: Iterable<string>, pairs: Iterable<string>): Promise<VocabularyExcerpt> {
    const t = new Map<string, StoredTerm | null>();
    const p = new Map<string, boolean>();
    const ts = [...new Set(terms)];
    const ps = [...new Set(pairs)];
    for (const x of ts) t.set(x, null);
    for (const x of ps) p.set(x, false);
    for (let i = 0; i < ts.length; i += BATCH) {
      const batch = ts.slice(i, i + BATCH);
      const rows = await this.db.all<{ term: string; exact: number; folded: number; fold_docs: number }>(
        `SELECT term, exact, folded, fold_docs FROM vocab_terms WHERE term IN (${batch.map(() => '?').join(',')})`,
        batch,
      );
      for (const r of rows) t.set(r.term, { exact: r.exact, folded: r.folded, foldDocs: r.fold_docs });
    }
    for (let i = 0; i < ps.length; i += BATCH) {
      const batch = ps.slice(i, i + BATCH);
      const rows = await this.db.all<{ pair: string }>(`SELECT pair FROM vocab_pairs WHERE pair IN (${batch.map(() => '?').join(',')}) AND docs > 0`, batch);
      for (const r of rows) p.set(r.pair, true);
    }
    return new VocabularyExcerpt(t, p);
  }

  /**
   * The stored words of some plans (by id; one listed twice counts twice): these terms' counts
   * summed over them, and whether one of them writes each phrase.
   */
  async scopeExcerpt(docIds: string[], terms: Iterable<string>, phrases: Iterable<string>): Promise<ScopeExcerpt> {
    const scope = JSON.stringify(docIds);
    const t = new Map<string, { exact: number; folded: number }>();
    const ts = [...new Set(terms)];
    const ps = [...new Set(phrases)];
    const phraseWords = new Map(ps.map((phrase) => [phrase, wordsOf(phrase)]));
    const ids = await this.storedIds([...new Set([...ts, ...[...phraseWords.values()].flat()])]);
    for (const x of ts) t.set(x, { exact: 0, folded: 0 });
    const known = ts.filter((x) => ids.has(x));
    for (let i = 0; i < known.length; i += BATCH) {
      const batch = known.slice(i, i + BATCH);
      const rows = await this.db.all<{ word: number; exact: number; folded: number }>(
        `SELECT t.word, sum(t.exact) AS exact, sum(t.folded) AS folded FROM json_each(?) j CROSS JOIN word_docs w ON w.doc_id = j.value
           CROSS JOIN doc_words t ON t.doc = w.doc WHERE t.word IN (${batch.map(() => '?').join(',')}) GROUP BY t.word`,
        [scope, ...batch.map((x) => ids.get(x)!)],
      );
      const byId = new Map(batch.map((x) => [ids.get(x)!, x]));
      for (const r of rows) t.set(byId.get(r.word)!, { exact: r.exact, folded: r.folded });
    }
    const p = new Map<string, boolean>();
    for (const phrase of ps) {
      const words = phraseWords.get(phrase)!;
      // A word no plan writes: no plan writes the phrase.
      if (words.some((w) => !ids.has(w))) {
        p.set(phrase, false);
        continue;
      }
      const conds: string[] = [];
      const params: unknown[] = [scope];
      words.forEach((w, i) => {
        conds.push('EXISTS (SELECT 1 FROM doc_words WHERE doc = w.doc AND word = ? AND exact > 0)');
        params.push(ids.get(w));
        if (i > 0) {
          conds.push('EXISTS (SELECT 1 FROM doc_word_pairs WHERE doc = w.doc AND pair = ?)');
          params.push(ids.get(words[i - 1])! * PAIR_BASE + ids.get(w)!);
        }
      });
      const r = await this.db.get<{ found: number }>(
        `SELECT EXISTS (SELECT 1 FROM json_each(?) j CROSS JOIN word_docs w ON w.doc_id = j.value${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''}) AS found`,
        params,
      );
      p.set(phrase, r?.found === 1);
    }
    return new ScopeExcerpt(t, p);
  }

  /** Each plan's defined abbreviations (as definedIn gave them), by document id in id order. */
  async abbreviations(): Promise<Map<string, [string, string][]>> {
    const rows = await this.db.all<{ doc_id: string; abbr: string; full: string }>('SELECT doc_id, abbr, full FROM doc_abbreviations ORDER BY doc_id, ord');
    const out = new Map<string, [string, string][]>();
    for (const r of rows) {
      let l = out.get(r.doc_id);
      if (!l) out.set(r.doc_id, (l = []));
      l.push([r.abbr, r.full]);
    }
    return out;
  }
}

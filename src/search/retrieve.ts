// Hybrid retrieval: FTS5 bm25 and vector kNN, fused by reciprocal rank, filtered by document.
import type { Embeddings } from '@langchain/core/embeddings';
import type { Store, ClauseRow } from '../store/repository.js';
import { VectorIndex, type VectorHit } from './vectorIndex.js';
import { clauseIdOfKey } from './chunks.js';

/** RRF constant: 60 is the usual choice; it damps the weight of the very first ranks. */
const RRF_K = 60;
/** Up to this many passages of the plans a question is about are compared exactly instead of searched in the graph. */
const EXACT_SEARCH_MAX = 5_000;
const docOfKey = (key: string) => clauseIdOfKey(key).split('#')[0];

export interface RetrieveQuery {
  /** Lexical units (folded syllables and bigrams), already expanded. */
  units: string[];
  /** Text for the embedder (the question as asked). */
  text: string;
  docIds?: string[];
  limit?: number;
  /** Superseded versions of a plan (see src/corpus/versions.ts) are left out unless this is set. */
  includeSuperseded?: boolean;
}

export interface Hit {
  clause: ClauseRow;
  fused: number;
  lexicalRank: number | null;
  lexicalScore: number | null;
  vectorRank: number | null;
  vectorScore: number | null;
}

export class Retriever {
  constructor(
    readonly store: Store,
    private vectorIndex: VectorIndex | null = null,
    readonly embedder: Embeddings | null = null,
  ) {}

  get vectors(): VectorIndex | null {
    return this.vectorIndex;
  }

  /**
   * Picks up the generation a re-index (from chat, or an upload) saved since this one was loaded,
   * so that new and changed plans are found by meaning too, not only by their words.
   */
  async reloadVectors(): Promise<boolean> {
    const v = this.vectorIndex;
    if (!v) return false;
    const meta = await VectorIndex.readMeta(v.dir);
    if (!meta || meta.generation === v.generation || meta.model !== v.model || meta.dim !== v.dim) return false;
    this.vectorIndex = await VectorIndex.open(v.dir, { model: v.model, dim: v.dim });
    return true;
  }

  get semantic(): boolean {
    return Boolean(this.vectors && this.embedder && this.vectors.size > 0);
  }

  async retrieve(q: RetrieveQuery): Promise<Hit[]> {
    const limit = q.limit ?? 10;
    const pool = Math.max(limit * 4, 40);
    const lexical = await this.store.lexicalSearch(q.units, { docIds: q.docIds, limit: pool, includeSuperseded: q.includeSuperseded });
    const vector = this.semantic ? await this.vectorSearch(q, pool) : [];

    const fused = new Map<string, { fused: number; lexicalRank: number | null; lexicalScore: number | null; vectorRank: number | null; vectorScore: number | null }>();
    const entry = (id: string) => {
      let e = fused.get(id);
      if (!e) fused.set(id, (e = { fused: 0, lexicalRank: null, lexicalScore: null, vectorRank: null, vectorScore: null }));
      return e;
    };
    lexical.forEach((h, i) => {
      const e = entry(h.clauseId);
      e.fused += 1 / (RRF_K + i + 1);
      e.lexicalRank = i + 1;
      e.lexicalScore = h.score;
    });
    vector.forEach((h, i) => {
      const e = entry(h.clauseId);
      e.fused += 1 / (RRF_K + i + 1);
      e.vectorRank = i + 1;
      e.vectorScore = h.score;
    });
    const ranked = [...fused.entries()].sort((a, b) => b[1].fused - a[1].fused).slice(0, limit);
    const rows = await this.store.getClauses(ranked.map(([id]) => id));
    return ranked.filter(([id]) => rows.has(id)).map(([id, e]) => ({ clause: rows.get(id)!, ...e }));
  }

  /** The passage keys of these plans, from a map rebuilt when the vector index's content changes. */
  private keysOf(docIds: string[]): string[] {
    const vectors = this.vectors!;
    if (!this.keysByDoc || this.keysByDoc.version !== vectors.contentVersion || this.keysByDoc.index !== vectors) {
      const byDoc = new Map<string, string[]>();
      for (const key of vectors.keys()) {
        const d = docOfKey(key);
        const list = byDoc.get(d);
        if (list) list.push(key);
        else byDoc.set(d, [key]);
      }
      this.keysByDoc = { index: vectors, version: vectors.contentVersion, byDoc };
    }
    const byDoc = this.keysByDoc.byDoc;
    return docIds.flatMap((d) => byDoc.get(d) ?? []);
  }
  private keysByDoc: { index: VectorIndex; version: number; byDoc: Map<string, string[]> } | null = null;

  /** kNN over passages, best passage per clause. */
  private async vectorSearch(q: RetrieveQuery, pool: number): Promise<{ clauseId: string; score: number }[]> {
    const vec = await this.embedder!.embedQuery(q.text);
    const vectors = this.vectors!;
    const superseded = new Set(q.includeSuperseded ? [] : await this.store.supersededDocIds());
    let hits: VectorHit[];
    // A question about a few plans: their passages, compared exactly (a filtered graph search
    // would walk most of the graph to find them among thousands of plans').
    const among = q.docIds ? this.keysOf(q.docIds.filter((d) => !superseded.has(d))) : null;
    if (among && among.length <= EXACT_SEARCH_MAX) hits = vectors.searchAmong(vec, pool, among);
    else {
      const allowed = q.docIds ? new Set(q.docIds) : null;
      const filter = allowed || superseded.size ? (key: string) => (!allowed || allowed.has(docOfKey(key))) && !superseded.has(docOfKey(key)) : undefined;
      hits = vectors.search(vec, pool, filter);
    }
    const best = new Map<string, number>();
    for (const h of hits) {
      const id = clauseIdOfKey(h.key);
      if (!best.has(id) || best.get(id)! < h.score) best.set(id, h.score);
    }
    return [...best.entries()].sort((a, b) => b[1] - a[1]).map(([clauseId, score]) => ({ clauseId, score }));
  }
}

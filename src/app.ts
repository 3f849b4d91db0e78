// Wiring: config → store, optional embedder and vectors → retriever → answerer.
// Every entry point (CLI, chat adapters, bench) builds its context here; the logger is made in
// src/logger.ts (pino loads only where something logs, not with every `planbot ask`).
import { loadConfig, type Config } from './config.js';
import { Store } from './store/repository.js';
import type { TransformersEmbeddings } from './search/embedder.js';
import { VectorIndex } from './search/vectorIndex.js';
import { Retriever } from './search/retrieve.js';
import { Answerer } from './answer/answerer.js';

export interface Semantic {
  embedder: TransformersEmbeddings | null;
  /** Why semantic search is off, when it is. */
  reason: string | null;
  /** True when the index holds vectors, so semantic search being off is news worth saying. */
  expected?: boolean;
}

export async function loadSemantic(cfg: Config): Promise<Semantic> {
  if (cfg.semantic === 'off') return { embedder: null, reason: 'PLANBOT_SEMANTIC=off' };
  // transformers.js and LangChain's embeddings load only when a model may be used.
  const { loadEmbedder } = await import('./search/embedder.js');
  const r = await loadEmbedder({ model: cfg.model, modelDir: cfg.modelDir, allowDownload: cfg.allowDownload });
  return r.embedder ? { embedder: r.embedder, reason: null } : { embedder: null, reason: r.reason };
}

export interface AppContext {
  cfg: Config;
  store: Store;
  semantic: Semantic;
  retriever: Retriever;
  answerer: Answerer;
  close(): Promise<void>;
}

/** Opens an existing index for answering. Semantic search is used when the index has vectors and the model loads. */
export async function openApp(cfg: Config = loadConfig(), opts: { semantic?: Semantic } = {}): Promise<AppContext> {
  const store = await Store.open(cfg.dbPath, { create: false, secretKey: cfg.secretKey });
  let semantic: Semantic = { embedder: null, reason: 'the index has no vectors (built without a model)' };
  let vectors: VectorIndex | null = null;
  const meta = await VectorIndex.readMeta(cfg.indexDir);
  if (meta && meta.count > 0) {
    semantic = { ...(opts.semantic ?? (await loadSemantic(cfg))), expected: true };
    if (semantic.embedder && (semantic.embedder.modelId !== meta.model || semantic.embedder.dimensions !== meta.dim)) {
      semantic = { embedder: null, expected: true, reason: `the vectors were built with ${meta.model}, the loaded model is ${semantic.embedder.modelId}: run \`planbot index\`` };
    }
    if (semantic.embedder) vectors = await VectorIndex.open(cfg.indexDir, { model: meta.model, dim: meta.dim });
  }
  const retriever = new Retriever(store, vectors, semantic.embedder);
  const answerer = new Answerer(store, retriever);
  return { cfg, store, semantic, retriever, answerer, close: () => store.close() };
}

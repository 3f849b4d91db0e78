// Sentence embeddings for semantic search: transformers.js feature extraction behind the
// @langchain/core Embeddings interface. Loading never throws for a missing or broken model;
// the caller gets a reason and can fall back to lexical search.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';

export interface EmbedderOptions {
  /** Model id, e.g. 'Xenova/multilingual-e5-small'. */
  model: string;
  /** PLANBOT_MODEL_DIR: the model folder itself (has config.json) or a root holding <model id>/ folders. */
  modelDir: string | null;
  /** Only when true may transformers.js fetch from the Hugging Face hub. */
  allowDownload: boolean;
  /** Prefer onnx/model_quantized.onnx (default true); the other file is used if only it exists. */
  quantized?: boolean;
  /** Texts per forward pass (default 16): bounds the padded [batch, seq, hidden] tensor. */
  batchSize?: number;
  /** Override the input prefixes; by default e5 models get 'query: ' / 'passage: ', others none. */
  prefixes?: { query: string; passage: string };
}

/** The slice of a transformers.js feature-extraction pipeline this module uses. */
type Extractor = (
  texts: string[],
  options: { pooling: 'mean'; normalize: boolean },
) => Promise<{ dims: number[]; tolist(): unknown[] }>;

interface EmbedderFields {
  modelId: string;
  dimensions: number;
  extract: Extractor;
  prefixes: { query: string; passage: string };
  batchSize: number;
}

export class TransformersEmbeddings extends Embeddings {
  readonly modelId: string;
  readonly dimensions: number;
  private readonly extract: Extractor;
  private readonly prefixes: { query: string; passage: string };
  private readonly batchSize: number;

  /** Use loadEmbedder(); this constructor expects an already loaded pipeline. */
  constructor(fields: EmbedderFields) {
    // No retries: local inference errors are deterministic, AsyncCaller's backoff would only delay them.
    super({ maxRetries: 0 });
    this.modelId = fields.modelId;
    this.dimensions = fields.dimensions;
    this.extract = fields.extract;
    this.prefixes = fields.prefixes;
    this.batchSize = Math.max(1, fields.batchSize);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embed(texts.map((t) => this.prefixes.passage + t));
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embed([this.prefixes.query + text]);
    return vector;
  }

  private async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    // Batches are padded to their longest text, so small batches keep memory flat on a large corpus.
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const tensor = await this.extract(texts.slice(i, i + this.batchSize), { pooling: 'mean', normalize: true });
      out.push(...(tensor.tolist() as number[][]));
    }
    return out;
  }
}

export type LoadResult = { embedder: TransformersEmbeddings; reason?: undefined } | { embedder: null; reason: string };

const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const onnxFile = (quantized: boolean) => `onnx/model${quantized ? '_quantized' : ''}.onnx`;

/** Where a complete model may live: transformers.js reads <root>/<id>/<file>. */
interface Candidate {
  root: string;
  id: string;
  label: string;
}

/** Which ONNX variant <root>/<id> can serve (preferred first), or the first missing file (relative to root). */
function inspect(c: Candidate, preferQuantized: boolean): { quantized: boolean } | { missing: string } {
  const has = (file: string) => existsSync(path.join(c.root, c.id, file));
  const missing = REQUIRED_FILES.find((f) => !has(f));
  if (missing) return { missing: `${c.id}/${missing}` };
  for (const q of [preferQuantized, !preferQuantized]) if (has(onnxFile(q))) return { quantized: q };
  return { missing: `${c.id}/${onnxFile(preferQuantized)}` };
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0];

export async function loadEmbedder(opts: EmbedderOptions): Promise<LoadResult> {
  const fail = (reason: string): LoadResult => ({ embedder: null, reason });
  const preferQuantized = opts.quantized ?? true;

  // Imported lazily: it pulls in onnxruntime and sharp, which a lexical-only run never needs.
  let tf: typeof import('@xenova/transformers');
  try {
    tf = await import('@xenova/transformers');
  } catch (err) {
    return fail(`transformers.js could not be loaded: ${message(err)}`);
  }
  const env = tf.env as { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string; cacheDir: string | null };
  env.allowLocalModels = true;
  env.allowRemoteModels = opts.allowDownload;

  const candidates: Candidate[] = [];
  if (opts.modelDir) {
    const dir = path.resolve(opts.modelDir);
    const label = `PLANBOT_MODEL_DIR=${opts.modelDir}`;
    // The folder itself is served as <parent>/<basename>, so both layouts go through one code path.
    if (existsSync(path.join(dir, 'config.json'))) candidates.push({ root: path.dirname(dir), id: path.basename(dir), label });
    else candidates.push({ root: dir, id: opts.model, label });
  }
  if (env.cacheDir) candidates.push({ root: env.cacheDir, id: opts.model, label: `cache ${env.cacheDir}` });

  const notes: string[] = [];
  for (const c of candidates) {
    const found = inspect(c, preferQuantized);
    if ('missing' in found) {
      notes.push(`${c.label} has no ${found.missing}`);
      continue;
    }
    env.localModelPath = c.root;
    // transformers.js looks in its cache (env.cacheDir) before localModelPath; pointing cache_dir
    // at this root makes the chosen folder win, and local_files_only forbids any fetch.
    return build(tf, opts, c.id, { quantized: found.quantized, cache_dir: c.root, local_files_only: true }, c.label);
  }

  if (!opts.allowDownload) {
    const where = notes.length ? notes.join('; ') : 'no model directory or cache configured';
    return fail(`no embedding model found for ${opts.model}: ${where}; downloads are off`);
  }
  return build(tf, opts, opts.model, { quantized: preferQuantized, local_files_only: false }, 'the Hugging Face hub');
}

async function build(
  tf: typeof import('@xenova/transformers'),
  opts: EmbedderOptions,
  loadId: string,
  pretrained: { quantized: boolean; cache_dir?: string; local_files_only: boolean },
  source: string,
): Promise<LoadResult> {
  let extract: Extractor;
  let dimensions: number;
  try {
    const pipe = await tf.pipeline('feature-extraction', loadId, pretrained);
    // Inputs are truncated to tokenizer.model_max_length by the pipeline (truncation: true);
    // some exports leave it unset or ~1e30, which would let long clauses overflow the position table.
    const tok = pipe.tokenizer as { model_max_length?: unknown };
    const maxLen = tok.model_max_length;
    if (typeof maxLen !== 'number' || !Number.isFinite(maxLen) || maxLen > 100_000) tok.model_max_length = 512;

    extract = pipe as unknown as Extractor;
    // A probe run proves the graph executes and gives the real output width.
    const probe = await extract(['probe'], { pooling: 'mean', normalize: true });
    dimensions = probe.dims[probe.dims.length - 1];
  } catch (err) {
    return { embedder: null, reason: `embedding model ${opts.model} from ${source} could not be loaded: ${message(err)}` };
  }
  const e5 = /e5/i.test(opts.model);
  const prefixes = opts.prefixes ?? (e5 ? { query: 'query: ', passage: 'passage: ' } : { query: '', passage: '' });
  const embedder = new TransformersEmbeddings({ modelId: opts.model, dimensions, extract, prefixes, batchSize: opts.batchSize ?? 16 });
  return { embedder };
}

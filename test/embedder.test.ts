// Real transformers.js + onnxruntime runs over a generated tiny model; no network, no mocks.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { Embeddings } from '@langchain/core/embeddings';
import { env } from '@xenova/transformers';
import { loadEmbedder, TransformersEmbeddings, type EmbedderOptions } from '../src/search/embedder.js';
import { makeTinyModel } from './helpers/tinyModel.js';

const HIDDEN = 32;
let tmp: string;
let root: string; // localModelPath layout: <root>/test/tiny-bert, <root>/test/tiny-e5
let bertDir: string;
let fetchSpy: MockInstance<typeof fetch>;

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));

/** A localhost port with nothing listening: any request to it is refused at once. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function mustLoad(opts: Partial<EmbedderOptions> & { model: string }): Promise<TransformersEmbeddings> {
  const res = await loadEmbedder({ modelDir: root, allowDownload: false, ...opts });
  if (!res.embedder) throw new Error(res.reason);
  return res.embedder;
}

function expectClose(a: number[], b: number[], digits = 5) {
  expect(a).toHaveLength(b.length);
  a.forEach((x, i) => expect(x).toBeCloseTo(b[i], digits));
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'planbot-embedder-'));
  root = path.join(tmp, 'models');
  ({ modelDir: bertDir } = await makeTinyModel(root, { hidden: HIDDEN }));
  await makeTinyModel(root, { id: 'test/tiny-e5', hidden: HIDDEN });
  // Keep the real cache out of the picture and make any stray hub request fail fast, locally.
  env.cacheDir = path.join(tmp, 'empty-cache');
  env.remoteHost = `http://127.0.0.1:${await closedPort()}/`;
  fetchSpy = vi.spyOn(globalThis, 'fetch');
});

afterEach(() => fetchSpy.mockClear());

afterAll(async () => {
  fetchSpy.mockRestore();
  await rm(tmp, { recursive: true, force: true });
});

describe('loadEmbedder resolution', () => {
  it('loads from a root holding <id>/ and from the model folder itself, with the same vectors', async () => {
    const fromRoot = await mustLoad({ model: 'test/tiny-bert', modelDir: root });
    const fromFolder = await mustLoad({ model: 'test/tiny-bert', modelDir: bertDir });
    expect(fromRoot.dimensions).toBe(HIDDEN);
    expect(fromFolder.dimensions).toBe(HIDDEN);
    expect(fromRoot.modelId).toBe('test/tiny-bert');
    expectClose(await fromFolder.embedQuery('giáo dục mầm non'), await fromRoot.embedQuery('giáo dục mầm non'));
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('is a @langchain/core Embeddings', async () => {
    const e = await mustLoad({ model: 'test/tiny-bert' });
    expect(e).toBeInstanceOf(Embeddings);
  });

  it('falls back to the transformers.js cache, and PLANBOT_MODEL_DIR wins over it', async () => {
    const cache = path.join(tmp, 'cache');
    await makeTinyModel(cache, { id: 'test/tiny-bert', hidden: 16 });
    const saved = env.cacheDir;
    env.cacheDir = cache;
    try {
      const fromCache = await mustLoad({ model: 'test/tiny-bert', modelDir: null });
      expect(fromCache.dimensions).toBe(16);
      const fromDir = await mustLoad({ model: 'test/tiny-bert', modelDir: root });
      expect(fromDir.dimensions).toBe(HIDDEN);
    } finally {
      env.cacheDir = saved;
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('uses the non-quantized file when asked and falls back when only the quantized one exists', async () => {
    const qRoot = path.join(tmp, 'qonly');
    await makeTinyModel(qRoot, { id: 'test/q-only', quantizedOnly: true });
    const res = await loadEmbedder({ model: 'test/q-only', modelDir: qRoot, allowDownload: false, quantized: false });
    expect(res.reason).toBeUndefined();
    expect(res.embedder?.dimensions).toBe(HIDDEN);
  });

  it('reports a missing model without a network request when downloads are off', async () => {
    const res = await loadEmbedder({ model: 'Xenova/not-here-e5', modelDir: root, allowDownload: false });
    expect(res.embedder).toBeNull();
    expect(res.reason).toContain('Xenova/not-here-e5');
    expect(res.reason).toContain('downloads are off');
    const noDir = await loadEmbedder({ model: 'Xenova/not-here-e5', modelDir: null, allowDownload: false });
    expect(noDir.embedder).toBeNull();
    expect(noDir.reason).toContain('Xenova/not-here-e5');
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(env.allowRemoteModels).toBe(false);
  });

  it('does try the hub when downloads are on (positive control for the fetch spy)', async () => {
    const res = await loadEmbedder({ model: 'Xenova/not-here-e5', modelDir: null, allowDownload: true });
    expect(res.embedder).toBeNull();
    expect(res.reason).toContain('Xenova/not-here-e5');
    expect(fetchSpy).toHaveBeenCalled();
    expect(String(fetchSpy.mock.calls[0][0])).toContain(env.remoteHost);
    env.allowRemoteModels = false;
  });

  it('returns a reason, not an exception, for a corrupt ONNX file', async () => {
    const badRoot = path.join(tmp, 'bad');
    const { modelDir } = await makeTinyModel(badRoot, { id: 'test/broken' });
    await writeFile(path.join(modelDir, 'onnx', 'model_quantized.onnx'), 'not a protobuf');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {}); // transformers.js warns before retrying on wasm
    try {
      const res = await loadEmbedder({ model: 'test/broken', modelDir: badRoot, allowDownload: false });
      expect(res.embedder).toBeNull();
      expect(res.reason).toMatch(/test\/broken.*could not be loaded/);
    } finally {
      warn.mockRestore();
    }
  });

  it('reports an incomplete model folder', async () => {
    const partial = path.join(tmp, 'partial', 'test', 'partial');
    await mkdir(partial, { recursive: true });
    await writeFile(path.join(partial, 'config.json'), '{"model_type":"bert"}');
    const res = await loadEmbedder({ model: 'test/partial', modelDir: path.join(tmp, 'partial'), allowDownload: false });
    expect(res.embedder).toBeNull();
    expect(res.reason).toContain('tokenizer.json');
  });
});

describe('TransformersEmbeddings vectors', () => {
  let e: TransformersEmbeddings;
  beforeAll(async () => {
    e = await mustLoad({ model: 'test/tiny-bert', batchSize: 2 });
  });

  it('returns L2-normalised vectors of the model width, deterministically', async () => {
    const q = await e.embedQuery('Tỷ lệ trẻ em suy dinh dưỡng');
    expect(q).toHaveLength(HIDDEN);
    expect(Array.isArray(q)).toBe(true);
    expect(norm(q)).toBeCloseTo(1, 5);
    expect(await e.embedQuery('Tỷ lệ trẻ em suy dinh dưỡng')).toEqual(q);
    const again = await mustLoad({ model: 'test/tiny-bert' });
    expect(await again.embedQuery('Tỷ lệ trẻ em suy dinh dưỡng')).toEqual(q);
  });

  it('gives the same vectors in batches (with padding) as one by one', async () => {
    const texts = [
      'giáo dục',
      'Đào tạo giáo viên mầm non theo chuẩn quốc gia',
      'an ninh trường học',
      'bữa trưa bán trú',
      'chuyển đổi số trong dạy học và kiểm định chất lượng giáo dục',
    ];
    const batched = await e.embedDocuments(texts);
    expect(batched).toHaveLength(texts.length);
    for (let i = 0; i < texts.length; i++) {
      const [single] = await e.embedDocuments([texts[i]]);
      expectClose(batched[i], single);
      expect(norm(batched[i])).toBeCloseTo(1, 5);
    }
    expect(await e.embedDocuments([])).toEqual([]);
  });

  it('places texts that share words closer than unrelated texts', async () => {
    const [a, b, c] = await e.embedDocuments([
      'Tỷ lệ trẻ suy dinh dưỡng thể thấp còi',
      'giảm tỷ lệ trẻ suy dinh dưỡng',
      'football guitar ocean pizza',
    ]);
    expect(dot(a, b)).toBeGreaterThan(dot(a, c) + 0.2);
    // Folding: accents and đ do not matter to the tokenizer.
    expectClose(await e.embedQuery('Đào tạo giáo dục'), await e.embedQuery('dao tao giao duc'));
  });

  it('truncates inputs longer than model_max_length (512 tokens)', async () => {
    // transformers.js 2.17.2 cuts the encoded ids at 512, dropping the final [SEP] too, so
    // two texts that agree on their first 511 words embed identically whatever follows.
    const head = Array.from({ length: 511 }, () => 'giao');
    const a = await e.embedQuery([...head, ...Array.from({ length: 200 }, () => 'pizza')].join(' '));
    const b = await e.embedQuery([...head, 'football', 'ocean'].join(' '));
    expectClose(a, b, 6);
    const pizza = await e.embedQuery(Array.from({ length: 200 }, () => 'pizza').join(' '));
    expect(dot(a, pizza)).toBeLessThan(0.9);
  });
});

describe('e5 prefixes', () => {
  it('embeds queries as "query: " and passages as "passage: " for e5 models', async () => {
    const e5 = await mustLoad({ model: 'test/tiny-e5' });
    const plain = await mustLoad({ model: 'test/tiny-e5', prefixes: { query: '', passage: '' } });
    const text = 'kế hoạch giáo dục năm học';
    const q = await e5.embedQuery(text);
    const [p] = await e5.embedDocuments([text]);
    expect(dot(q, p)).toBeLessThan(0.9999);
    expectClose(q, await plain.embedQuery(`query: ${text}`));
    expectClose(p, await plain.embedQuery(`passage: ${text}`));
  });

  it('adds no prefix for other models', async () => {
    const bert = await mustLoad({ model: 'test/tiny-bert' });
    const text = 'kế hoạch giáo dục năm học';
    expectClose((await bert.embedDocuments([text]))[0], await bert.embedQuery(text));
  });
});

// Persistent cosine index of clause vectors (hnswlib), keyed by clause id, crash-safe on disk.
//
// Layout in `dir` (shared with planbot.db, so only these names are ever touched):
//   vectors.json                manifest: the current generation, plus model/dim/count for readMeta
//   vectors.<gen>.hnsw          hnswlib graph; labels are our own integers and are never reused
//   vectors.<gen>.json          label→key pairs, model, dim, counts, size + sha256 of the .hnsw
//   vectors.lock                exists only while a save runs; holds the writer's pid
//   vectors.*.tmp-<pid>-<hex>   files being written; no manifest ever names one
// A save writes a complete new generation and only then switches the manifest with one rename,
// so a reader or a crash sees the old pair or the new pair, never a mix. Checksums chain
// manifest → labels file → graph file, so a torn or foreign file is detected instead of trusted.
// One writer at a time per directory (enforced by vectors.lock); any number of readers.

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type HnswlibModule from 'hnswlib-node';
import * as v from 'valibot';

type Hnsw = InstanceType<typeof HnswlibModule.HierarchicalNSW>;

// The native addon loads when a graph is made or read, not with this module: every `planbot ask`
// imports it (for readMeta), most without vectors to search.
const require = createRequire(import.meta.url);
let addon: typeof HnswlibModule | null = null;
const hnswlib = (): typeof HnswlibModule => (addon ??= require('hnswlib-node') as typeof HnswlibModule);

export interface VectorIndexMeta {
  model: string;
  dim: number;
  space: 'cosine';
  count: number;
  generation: number;
}

export interface VectorHit {
  key: string;
  score: number;
}

const FORMAT = 1;
const MANIFEST = 'vectors.json';
const LOCK = 'vectors.lock';
const GEN_RE = /^vectors\.(\d+)\.(hnsw|json)$/;
const TMP_RE = /^vectors\..+\.tmp-\d+-[0-9a-f]+$/;
// Chosen by `npm run bench:vectors` (README "Vectors at scale"): recall@10 against exact cosine on
// the generated tiny model's 384-wide vectors of the 2 500-plan scale corpus, M × efConstruction ×
// ef grid at 10 000 and 30 000 passages. M 32 / efConstruction 200 was the best build at both
// sizes (30 000: 0.865 at ef 256, against 0.833 for the former M 16; 10 000: 0.970 against
// 0.945), for a graph file 8% larger and about the same build time. No setting reached 0.95 at
// 30 000: the corpus is 500 copies of each plan differing only in their place names (those
// 30 000 passages: Cà Mau's 500 copies and most of Hồng Bàng's), near-duplicates hnswlib's graph
// handles badly; a real model on real plans is another distribution.
// M is stored in each saved graph, so an index built with another M still loads and is searched
// and extended with its own M; the next compaction rebuilds it with this one.
const M = 32;
const EF_CONSTRUCTION = 200;
// ef is a query setting (never stored). 256 at any k up to 64 (retrieve.ts asks for 40): the
// measured search p95 at 30 000 was 0.53 ms at ef 256 against 0.28 ms at 64, next to a ~100 ms ask.
const EF_SEARCH_MIN = 256;
const RANDOM_SEED = 100; // fixed so rebuilds from the same input give the same graph
const MIN_CAPACITY = 1024;
const COMPACT_SHARE = 0.3;
// Pids are reused (a restarted container's app is often pid 1 again), so a lock this old is
// treated as abandoned even if its pid looks alive; a save takes seconds, not minutes.
const LOCK_STALE_MS = 10 * 60_000;
const LOCK_WRITE_GRACE_MS = 5_000;
const MAX_LABEL = 0xffff_ffff; // hnswlib-node silently truncates labels to uint32
const HNSW_HEADER_BYTES = 96;

const sha256Hex = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));
const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const positive = v.pipe(v.number(), v.integer(), v.minValue(1));

// Fields the manifest and a generation's label file share.
const common = {
  format: v.literal(FORMAT),
  generation: positive,
  model: v.pipe(v.string(), v.minLength(1)),
  dim: positive,
  space: v.literal('cosine'),
  count,
};

const ManifestSchema = v.object({
  ...common,
  labelsBytes: count,
  labelsSha256: sha256Hex,
});
type Manifest = v.InferOutput<typeof ManifestSchema>;

const GenerationSchema = v.object({
  ...common,
  total: count,
  nextLabel: count,
  hnswBytes: count,
  hnswSha256: sha256Hex,
  savedAt: v.string(),
  // Checked by hand in load(): a schema per pair costs too much at 50k+ entries.
  labels: v.array(v.unknown()),
});
type GenerationDoc = Omit<v.InferOutput<typeof GenerationSchema>, 'labels'> & { labels: [number, string][] };

const genFile = (gen: number, ext: 'hnsw' | 'json') => `vectors.${gen}.${ext}`;
const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex');
const errCode = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function newHnsw(dim: number, capacity: number): Hnsw {
  const h = new (hnswlib().HierarchicalNSW)('cosine', dim);
  h.initIndex(capacity, M, EF_CONSTRUCTION, RANDOM_SEED);
  return h;
}

interface Loaded {
  ok: true;
  hnsw: Hnsw;
  labels: [number, string][];
  nextLabel: number;
  generation: number;
}
interface NotLoaded {
  ok: false;
  reason: string;
  manifestGen: number; // 0 when there is no readable manifest
  keepGen: number | null; // generation still named by the manifest, spared by cleanup
}

export class VectorIndex {
  readonly dir: string;
  readonly model: string;
  readonly dim: number;
  /** true when nothing usable was loaded from disk, so the caller has to (re-)embed. */
  readonly rebuilt: boolean;
  /** why the index started empty; null when the saved generation was loaded. */
  readonly reason: string | null;

  private hnsw: Hnsw;
  private readonly keyToLabel = new Map<string, number>();
  private readonly labelToKey = new Map<number, string>();
  private nextLabel: number;
  private gen: number;
  private highWater: number; // highest generation seen, so numbers never repeat
  private version = 0;
  private savedVersion: number; // -1: this content is not on disk yet
  private saveChain: Promise<void> = Promise.resolve();

  private constructor(dir: string, opts: { model: string; dim: number }, state: Loaded | NotLoaded) {
    this.dir = dir;
    this.model = opts.model;
    this.dim = opts.dim;
    this.rebuilt = !state.ok;
    this.reason = state.ok ? null : state.reason;
    if (state.ok) {
      this.hnsw = state.hnsw;
      for (const [label, key] of state.labels) {
        this.keyToLabel.set(key, label);
        this.labelToKey.set(label, key);
      }
      this.nextLabel = state.nextLabel;
      this.gen = this.highWater = state.generation;
      this.savedVersion = 0;
    } else {
      this.hnsw = newHnsw(opts.dim, MIN_CAPACITY);
      this.nextLabel = 0;
      this.gen = 0;
      this.highWater = state.manifestGen;
      this.savedVersion = -1;
    }
  }

  static async open(dir: string, opts: { model: string; dim: number }): Promise<VectorIndex> {
    if (typeof opts.model !== 'string' || opts.model === '') throw new TypeError('VectorIndex.open: model must be a non-empty string');
    if (!Number.isInteger(opts.dim) || opts.dim < 1) throw new RangeError(`VectorIndex.open: bad dim ${opts.dim}`);
    const abs = path.resolve(dir);
    await fs.mkdir(abs, { recursive: true });

    let state = await load(abs, opts);
    // A concurrent save may switch the manifest and delete the files we were reading; retry then.
    for (let attempt = 0; !state.ok && state.manifestGen > 0 && attempt < 2; attempt++) {
      const now = await readManifest(abs);
      if (now.kind !== 'ok' || now.manifest.generation === state.manifestGen) break;
      state = await load(abs, opts);
    }

    // A live writer cleans up after itself; touching its files now would only break its save.
    if ((await liveLockHolder(abs)) === null) await removeStale(abs, state.ok ? state.generation : state.keepGen);
    return new VectorIndex(abs, opts, state);
  }

  /** What the manifest says is current, without loading anything; null if there is none or it is unreadable. */
  static async readMeta(dir: string): Promise<VectorIndexMeta | null> {
    const m = await readManifest(path.resolve(dir));
    if (m.kind !== 'ok') return null;
    const { model, dim, space, count, generation } = m.manifest;
    return { model, dim, space, count, generation };
  }

  get size(): number {
    return this.keyToLabel.size;
  }

  /** Generation this instance was loaded from or last saved as; 0 if none. */
  get generation(): number {
    return this.gen;
  }

  has(key: string): boolean {
    return this.keyToLabel.has(key);
  }

  keys(): string[] {
    return [...this.keyToLabel.keys()];
  }

  /** Changes with every upsert and removal: a cache of the keys is stale when it has moved. */
  get contentVersion(): number {
    return this.version;
  }

  /**
   * The k nearest among the given keys, by exact cosine: for a filter so narrow (one plan's
   * passages among thousands of plans') that a filtered graph search would walk most of the graph,
   * calling its filter at every step, to find k allowed points.
   */
  searchAmong(vector: number[], k: number, keys: Iterable<string>): VectorHit[] {
    this.checkVector(vector, 'query vector');
    const q = unit(vector);
    const hits: VectorHit[] = [];
    for (const key of keys) {
      const label = this.keyToLabel.get(key);
      if (label === undefined) continue;
      const p = this.hnsw.getPoint(label);
      let dot = 0;
      let norm = 0;
      for (let i = 0; i < p.length; i++) {
        dot += p[i] * q[i];
        norm += p[i] * p[i];
      }
      hits.push({ key, score: norm > 0 ? dot / Math.sqrt(norm) : 0 });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, Math.max(0, Math.floor(k)));
  }

  upsert(items: { key: string; vector: number[] }[]): void {
    // Validate the whole batch before touching the graph, so a bad item leaves no half-applied batch.
    const latest = new Map<string, number[]>();
    for (const { key, vector } of items) {
      if (typeof key !== 'string' || key === '') throw new TypeError('VectorIndex.upsert: key must be a non-empty string');
      this.checkVector(vector, `vector for ${key}`);
      latest.set(key, vector);
    }
    if (latest.size === 0) return;
    if (this.nextLabel + latest.size - 1 > MAX_LABEL) throw new RangeError('VectorIndex: label space exhausted; rebuild the index');
    // Replaced and removed points keep their slot until compaction, so capacity counts them too.
    this.ensureCapacity(this.hnsw.getCurrentCount() + latest.size);
    for (const [key, vector] of latest) {
      const label = this.nextLabel++;
      this.hnsw.addPoint(vector, label);
      // Delete only after the add succeeded, so a failing add cannot lose the old vector.
      const old = this.keyToLabel.get(key);
      if (old !== undefined) {
        this.hnsw.markDelete(old);
        this.labelToKey.delete(old);
      }
      this.keyToLabel.set(key, label);
      this.labelToKey.set(label, key);
    }
    this.version++;
  }

  remove(keys: string[]): void {
    let changed = false;
    for (const key of keys) {
      const label = this.keyToLabel.get(key);
      if (label === undefined) continue;
      this.hnsw.markDelete(label);
      this.keyToLabel.delete(key);
      this.labelToKey.delete(label);
      changed = true;
    }
    if (changed) this.version++;
  }

  search(vector: number[], k: number, filter?: (key: string) => boolean): VectorHit[] {
    this.checkVector(vector, 'query vector');
    // hnswlib throws when k exceeds its capacity, and cannot return more than the live points anyway.
    const n = Math.min(Math.floor(k), this.size);
    if (!(n >= 1)) return [];
    const ef = Math.max(n * 4, EF_SEARCH_MIN);
    if (this.hnsw.getEf() !== ef) this.hnsw.setEf(ef);

    let failure: { error: unknown } | null = null;
    // An exception escaping a filter callback aborts the whole process inside hnswlib-node
    // (FATAL ERROR napi_get_last_error_info), so catch it here and rethrow after the search.
    const allow = filter
      ? (label: number): boolean => {
          if (failure) return false;
          const key = this.labelToKey.get(label);
          if (key === undefined) return false;
          try {
            return Boolean(filter(key));
          } catch (error) {
            failure = { error };
            return false;
          }
        }
      : undefined;
    const res = allow ? this.hnsw.searchKnn(vector, n, allow) : this.hnsw.searchKnn(vector, n);
    if (failure) throw (failure as { error: unknown }).error;

    const hits: VectorHit[] = [];
    res.neighbors.forEach((label, i) => {
      const key = this.labelToKey.get(label);
      if (key !== undefined) hits.push({ key, score: 1 - res.distances[i] });
    });
    return hits;
  }

  /** Writes the current state as a new generation. Saves are serialised; a save with nothing new is a no-op. */
  save(): Promise<void> {
    const run = this.saveChain.then(() => this.saveNow());
    this.saveChain = run.catch(() => undefined);
    return run;
  }

  private async saveNow(): Promise<void> {
    if (this.version === this.savedVersion) return;
    const release = await acquireLock(this.dir);
    const temps: string[] = [];
    try {
      const gen = Math.max(this.highWater, await highestGeneration(this.dir)) + 1;
      const hnswName = genFile(gen, 'hnsw');
      const labelsName = genFile(gen, 'json');
      const hnswTmp = tempPath(this.dir, hnswName);
      temps.push(hnswTmp);

      // From compaction to the label snapshot everything is synchronous: no upsert/remove can land
      // between the graph we write and the label map written beside it. That is also why this uses
      // writeIndexSync: async writeIndex reads the graph on a worker thread while JS may mutate it.
      if (this.hnsw.getCurrentCount() - this.size > COMPACT_SHARE * this.hnsw.getCurrentCount()) this.compact();
      this.hnsw.writeIndexSync(hnswTmp);
      const labels = [...this.labelToKey];
      const total = this.hnsw.getCurrentCount();
      const nextLabel = this.nextLabel;
      const snapshotVersion = this.version;

      // hnswlib never reports I/O errors (an unwritable path "succeeds"), so check what landed.
      let hnswBuf: Buffer;
      try {
        hnswBuf = await fs.readFile(hnswTmp);
      } catch (e) {
        throw new Error(`hnswlib did not write ${hnswTmp}: ${message(e)}`);
      }
      const shape = inspectHnsw(hnswBuf);
      if (shape.count !== total || shape.dim !== this.dim) {
        throw new Error(`hnswlib wrote an inconsistent ${hnswName} (${shape.count} points, dim ${shape.dim}; expected ${total}, dim ${this.dim})`);
      }
      await fsyncPath(hnswTmp);

      const common = { format: FORMAT, generation: gen, model: this.model, dim: this.dim, space: 'cosine', count: labels.length } as const;
      const doc: GenerationDoc = {
        ...common,
        total,
        nextLabel,
        hnswBytes: hnswBuf.length,
        hnswSha256: sha256(hnswBuf),
        savedAt: new Date().toISOString(),
        labels,
      };
      const labelsBuf = Buffer.from(JSON.stringify(doc));
      const labelsTmp = await writeDurable(this.dir, labelsName, labelsBuf);
      temps.push(labelsTmp);

      await fs.rename(hnswTmp, path.join(this.dir, hnswName));
      await fs.rename(labelsTmp, path.join(this.dir, labelsName));
      // The generation's renames must be durable before a manifest may point at them.
      await fsyncPath(this.dir);

      const manifest: Manifest = {
        ...common,
        labelsBytes: labelsBuf.length,
        labelsSha256: sha256(labelsBuf),
      };
      const manifestTmp = await writeDurable(this.dir, MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
      temps.push(manifestTmp);
      await fs.rename(manifestTmp, path.join(this.dir, MANIFEST)); // the commit point
      await fsyncPath(this.dir);

      this.gen = this.highWater = gen;
      this.savedVersion = snapshotVersion;
      await removeStale(this.dir, gen); // safe: we hold the lock, so nothing else is in flight
    } catch (e) {
      await Promise.all(temps.map((t) => fs.rm(t, { force: true }).catch(() => undefined)));
      throw e;
    } finally {
      await release();
    }
  }

  // Deleted points stay in hnswlib's graph and file forever (labels are not reused), so rebuild
  // from the live points once they are a large share. Labels are kept, so the key map stays valid.
  private compact(): void {
    const fresh = newHnsw(this.dim, Math.max(MIN_CAPACITY, Math.ceil(this.size * 1.25)));
    for (const label of this.labelToKey.keys()) fresh.addPoint(this.hnsw.getPoint(label), label);
    this.hnsw = fresh;
  }

  private ensureCapacity(needed: number): void {
    // A loaded index has the capacity it was saved with, which is 0 for an empty one.
    const cap = this.hnsw.getMaxElements();
    if (needed > cap) this.hnsw.resizeIndex(Math.max(needed, Math.ceil(cap * 1.5), MIN_CAPACITY));
  }

  private checkVector(v: number[], what: string): void {
    if (!Array.isArray(v) || v.length !== this.dim) {
      throw new RangeError(`VectorIndex: ${what} has length ${Array.isArray(v) ? v.length : typeof v}, expected ${this.dim}`);
    }
    let norm = 0;
    for (const x of v) {
      if (!Number.isFinite(x)) throw new RangeError(`VectorIndex: ${what} contains a non-finite number`);
      norm += x * x;
    }
    // hnswlib leaves a zero vector unnormalised: it would sit at distance 1 from everything.
    if (norm === 0) throw new RangeError(`VectorIndex: ${what} is all zeros (no direction for cosine)`);
  }
}

async function load(dir: string, opts: { model: string; dim: number }): Promise<Loaded | NotLoaded> {
  const m = await readManifest(dir);
  if (m.kind === 'missing') return { ok: false, reason: 'no index yet', manifestGen: 0, keepGen: null };
  if (m.kind === 'bad') return { ok: false, reason: `manifest ${MANIFEST} unreadable: ${m.error}`, manifestGen: 0, keepGen: null };
  const man = m.manifest;
  const g = man.generation;
  const notLoaded = (reason: string): NotLoaded => ({ ok: false, reason, manifestGen: g, keepGen: g });
  if (man.model !== opts.model) return notLoaded(`model changed: index has ${man.model}, wanted ${opts.model}`);
  if (man.dim !== opts.dim) return notLoaded(`dimension changed: index has ${man.dim}, wanted ${opts.dim}`);

  try {
    const labelsName = genFile(g, 'json');
    const labelsBuf = await fs.readFile(path.join(dir, labelsName));
    if (labelsBuf.length !== man.labelsBytes || sha256(labelsBuf) !== man.labelsSha256) {
      throw new Error(`${labelsName} does not match the manifest checksum`);
    }
    const doc = v.parse(GenerationSchema, JSON.parse(labelsBuf.toString('utf8')));
    if (doc.generation !== g || doc.model !== man.model || doc.dim !== man.dim || doc.count !== man.count) {
      throw new Error(`${labelsName} disagrees with the manifest`);
    }

    const hnswName = genFile(g, 'hnsw');
    const hnswPath = path.join(dir, hnswName);
    const hnswBuf = await fs.readFile(hnswPath);
    // hnswlib would happily load a graph of another dimension, so the checksum is the real guard.
    if (hnswBuf.length !== doc.hnswBytes || sha256(hnswBuf) !== doc.hnswSha256) {
      throw new Error(`${hnswName} is truncated or altered (${hnswBuf.length} bytes, expected ${doc.hnswBytes}; checksum mismatch)`);
    }

    const labels: [number, string][] = [];
    const seenKeys = new Set<string>();
    const seenLabels = new Set<number>();
    for (const pair of doc.labels) {
      const [label, key] = Array.isArray(pair) ? (pair as unknown[]) : [];
      if (!Number.isInteger(label) || (label as number) < 0 || (label as number) >= doc.nextLabel || typeof key !== 'string' || key === '') {
        throw new Error(`${labelsName} has a malformed label entry`);
      }
      if (seenKeys.has(key) || seenLabels.has(label as number)) throw new Error(`${labelsName} repeats a key or label`);
      seenKeys.add(key);
      seenLabels.add(label as number);
      labels.push([label as number, key]);
    }
    if (labels.length !== doc.count) throw new Error(`${labelsName} lists ${labels.length} keys, expected ${doc.count}`);

    // A fresh instance: readIndex frees and replaces the graph from a worker thread, and on
    // failure leaves a dangling pointer behind, so it must never run on an index in use.
    const hnsw = new (hnswlib().HierarchicalNSW)('cosine', opts.dim);
    await hnsw.readIndex(hnswPath);
    if (hnsw.getCurrentCount() !== doc.total) throw new Error(`${hnswName} holds ${hnsw.getCurrentCount()} points, expected ${doc.total}`);
    return { ok: true, hnsw, labels, nextLabel: doc.nextLabel, generation: g };
  } catch (e) {
    const detail = errCode(e) === 'ENOENT' ? `missing file ${path.basename((e as NodeJS.ErrnoException).path ?? '')}` : message(e);
    return notLoaded(`generation ${g} unusable: ${detail}`);
  }
}

type ManifestRead = { kind: 'missing' } | { kind: 'bad'; error: string } | { kind: 'ok'; manifest: Manifest };

async function readManifest(dir: string): Promise<ManifestRead> {
  let raw: string;
  try {
    raw = await fs.readFile(path.join(dir, MANIFEST), 'utf8');
  } catch (e) {
    return errCode(e) === 'ENOENT' ? { kind: 'missing' } : { kind: 'bad', error: message(e) };
  }
  try {
    const parsed = v.safeParse(ManifestSchema, JSON.parse(raw));
    if (!parsed.success) return { kind: 'bad', error: parsed.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; ') };
    return { kind: 'ok', manifest: parsed.output };
  } catch (e) {
    return { kind: 'bad', error: message(e) };
  }
}

/**
 * Walks an hnswlib file the way hnswlib's loader does (header, level-0 block, per-point link
 * lists) and returns what it holds. Layout of hnswlib 0.8 as vendored by hnswlib-node 3.0.0,
 * native little-endian: 6×u64, i32 maxlevel, u32 entry point, 3×u64, f64 mult, u64 efConstruction.
 */
function inspectHnsw(buf: Buffer): { count: number; dim: number } {
  if (buf.length < HNSW_HEADER_BYTES) throw new Error(`hnsw file shorter than its header (${buf.length} bytes)`);
  const u64 = (at: number) => Number(buf.readBigUInt64LE(at));
  const count = u64(16);
  const sizePerElement = u64(24);
  const labelOffset = u64(32);
  const offsetData = u64(40);
  const dataBytes = labelOffset - offsetData;
  let pos = HNSW_HEADER_BYTES + count * sizePerElement;
  for (let i = 0; i < count; i++) {
    if (pos + 4 > buf.length) throw new Error('hnsw file truncated inside its link lists');
    pos += 4 + buf.readUInt32LE(pos);
  }
  if (pos !== buf.length) throw new Error(`hnsw file has ${buf.length} bytes, its structure accounts for ${pos}`);
  if (dataBytes <= 0 || dataBytes % 4 !== 0) throw new Error('hnsw file header is inconsistent');
  return { count, dim: dataBytes / 4 };
}

function tempPath(dir: string, finalName: string): string {
  return path.join(dir, `${finalName}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

async function writeDurable(dir: string, finalName: string, data: Buffer): Promise<string> {
  const tmp = tempPath(dir, finalName);
  const fh = await fs.open(tmp, 'wx');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return tmp;
}

async function fsyncPath(p: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(p, 'r');
    await fh.sync();
  } catch (e) {
    // Some platforms (Windows) and filesystems cannot fsync a directory; nothing more can be done there.
    const code = errCode(e);
    if (!(code === 'EISDIR' || code === 'EINVAL' || code === 'EPERM' || code === 'EBADF')) throw e;
  } finally {
    await fh?.close();
  }
}

async function highestGeneration(dir: string): Promise<number> {
  let max = 0;
  for (const name of await fs.readdir(dir)) {
    const m = GEN_RE.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/** Deletes stray temp files and every generation except keepGen (none if keepGen is null). Best effort. */
async function removeStale(dir: string, keepGen: number | null): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      const g = GEN_RE.exec(name);
      const stale = TMP_RE.test(name) || (g !== null && keepGen !== null && Number(g[1]) !== keepGen);
      if (stale) await fs.rm(path.join(dir, name), { force: true }).catch(() => undefined);
    }),
  );
}

const savingHere = new Set<string>(); // directories this process is saving right now

async function acquireLock(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // Written in full under a temp name, then hard-linked to the lock name: link() fails if
      // the lock exists, and a lock that exists always holds its owner's pid (a kill between
      // creating and writing the lock can no longer leave it empty).
      const tmp = tempPath(dir, LOCK);
      await fs.writeFile(tmp, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      try {
        await fs.link(tmp, file);
      } finally {
        await fs.rm(tmp, { force: true });
      }
      savingHere.add(dir);
      return async () => {
        savingHere.delete(dir);
        await fs.rm(file, { force: true });
      };
    } catch (e) {
      if (errCode(e) !== 'EEXIST') throw e;
      const holder = await liveLockHolder(dir);
      if (holder !== null) throw new Error(`${dir}: the vector index is being saved by another process (pid ${holder})`);
      await fs.rm(file, { force: true }); // left behind by a writer that died
    }
  }
  throw new Error(`${dir}: could not take ${LOCK}`);
}

/** Pid of a live writer holding the lock (-1 if not yet known), or null if the lock is absent or stale. */
async function liveLockHolder(dir: string): Promise<number | null> {
  const file = path.join(dir, LOCK);
  let raw: string;
  let ageMs: number;
  try {
    [raw, ageMs] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file).then((s) => Date.now() - s.mtimeMs)]);
  } catch {
    return null;
  }
  if (ageMs > LOCK_STALE_MS) return null;
  let pid: unknown;
  try {
    pid = (JSON.parse(raw) as { pid?: unknown }).pid;
  } catch {
    pid = undefined;
  }
  // Created but not yet written by its owner, or torn by a crash right after creation.
  if (typeof pid !== 'number') return ageMs < LOCK_WRITE_GRACE_MS ? -1 : null;
  if (pid === process.pid) return savingHere.has(dir) ? pid : null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    return errCode(e) === 'EPERM' ? pid : null;
  }
}

function unit(v: number[]): number[] {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return n > 0 ? v.map((x) => x / n) : v;
}

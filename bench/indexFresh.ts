// A fresh index of a corpus folder already written (bench/scaleCorpus.ts), timed alone:
//   node dist/bench/indexFresh.js CORPUS INDEXDIR [--changed]
// INDEXDIR is emptied first. Prints wall and the process's CPU (all threads); --changed then
// appends a sentence to the first plan, times that pass and puts the file back as it was.
import { readdir, readFile, writeFile, rm, mkdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';

async function pass(corpusDir: string, indexDir: string) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const store = await Store.open(path.join(indexDir, 'planbot.db'), { create: true });
  try {
    const s = await indexCorpus(store, { corpusDir, indexDir, embedder: null });
    const c = process.cpuUsage(cpu);
    return { wall: (performance.now() - t) / 1000, cpu: (c.user + c.system) / 1e6, docs: s.documents, clauses: s.clauses, errors: s.errors.length };
  } finally {
    await store.close();
  }
}

async function main() {
  const [corpus, index, flag] = process.argv.slice(2);
  if (!corpus || !index) throw new Error('usage: node dist/bench/indexFresh.js CORPUS INDEXDIR [--changed]');
  const corpusDir = path.resolve(corpus);
  const indexDir = path.resolve(index);
  await rm(indexDir, { recursive: true, force: true });
  await mkdir(indexDir, { recursive: true });
  const f = await pass(corpusDir, indexDir);
  console.log(`fresh: ${f.docs} documents, ${f.clauses} clauses, ${f.errors} errors; wall ${f.wall.toFixed(1)} s, CPU ${f.cpu.toFixed(1)} s`);
  if (flag !== '--changed') return;
  const one = path.join(corpusDir, (await readdir(corpusDir)).sort()[0]);
  const [text, st] = [await readFile(one), await stat(one)];
  try {
    await writeFile(one, Buffer.concat([text, Buffer.from('\nKế hoạch này được phổ biến đến toàn thể cán bộ, giáo viên, nhân viên.\n')]));
    const c = await pass(corpusDir, indexDir);
    console.log(`one plan changed: wall ${c.wall.toFixed(2)} s, CPU ${c.cpu.toFixed(2)} s`);
  } finally {
    await writeFile(one, text);
    await utimes(one, st.atime, st.mtime);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

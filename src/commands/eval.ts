// `planbot eval [--gold FILE] [--deadlines FILE] [--json] [--sweep] [--threshold X]`: runs the gold
// questions through the answerer over the current index and prints the metrics
// (src/eval/evaluate.ts), then scores the extracted deadlines against their gold list.
import path from 'node:path';
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config.js';
import { resourcePath } from '../paths.js';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import type { Store } from '../store/repository.js';
import { existsSync } from 'node:fs';
import type { DeadlineScore, GoldDeadline } from '../facts/scoreDeadlines.js';
// The answerer, the indexer and the scorers load when the command runs (a fast `planbot --help`).

interface EvalOptions {
  gold?: string;
  corpus?: string[];
  deadlines?: string;
  json?: boolean;
  sweep?: boolean;
  threshold?: number;
}

function parseThreshold(v: string): number {
  const n = Number(v);
  if (!/^\d*\.?\d+$/.test(v) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number between 0 and 1, such as 0.5');
  return n;
}

/** Extracted deadlines of the indexed plans against the gold list, over the plans both know. */
async function deadlineScore(store: Store, file: string): Promise<DeadlineScore | null> {
  if (!existsSync(file)) return null;
  const [{ scoreDeadlines }, { GoldError }] = await Promise.all([import('../facts/scoreDeadlines.js'), import('../eval/evaluate.js')]);
  let items: GoldDeadline[];
  try {
    items = (JSON.parse(await readFile(file, 'utf8')) as { items: GoldDeadline[] }).items;
    if (!Array.isArray(items)) throw new Error('no "items" list');
  } catch (err) {
    throw new GoldError(`${file}: not a deadline gold list (${(err as Error).message})`);
  }
  const indexed = new Set((await store.listDocuments()).map((d) => d.docId));
  const docIds = [...new Set(items.map((g) => g.docId))].filter((id) => indexed.has(id));
  return scoreDeadlines(items, await store.facts.listDeadlines(), { docIds });
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function registerEvalCommand(program: Command, cfg: () => Config): void {
  program
    .command('eval')
    .description('measure retrieval, answers, abstention and citations on a gold question set')
    .option('--gold <file>', 'gold questions, a JSON list (default: planbot\'s test/eval/gold.json)')
    .option('--deadlines <file>', 'gold deadline list (default: planbot\'s test/eval/deadlines.gold.json)')
    .option('--json', 'print the full report as JSON')
    .option('--sweep', 'also re-ask every question at abstention thresholds 0.30 … 0.80')
    .option('--threshold <x>', 'abstention threshold for the main run (default: the answerer\'s)', parseThreshold)
    .option('--corpus <dir>', 'evaluate over a temporary index of the files in these folders instead of the index (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .action(async (o: EvalOptions) => {
      const [{ openApp }, { evaluate, formatReport, loadGold, GoldError }] = await Promise.all([import('../app.js'), import('../eval/evaluate.js')]);
      let gold;
      try {
        gold = await loadGold(o.gold ? path.resolve(o.gold) : resourcePath('test', 'eval', 'gold.json'));
      } catch (err) {
        if (!(err instanceof GoldError)) throw err;
        // One line and exit code 1, like every other user error of the CLI.
        process.stderr.write(`planbot: ${err.message}\n`);
        throw new CommanderError(1, 'planbot.eval.gold', err.message);
      }
      const temp = o.corpus?.length ? await temporaryIndex(cfg(), o.corpus) : null;
      const app = await openApp(temp?.cfg ?? cfg());
      try {
        let deadlines: DeadlineScore | null;
        try {
          deadlines = await deadlineScore(app.store, o.deadlines ? path.resolve(o.deadlines) : resourcePath('test', 'eval', 'deadlines.gold.json'));
        } catch (err) {
          if (!(err instanceof GoldError)) throw err;
          process.stderr.write(`planbot: ${err.message}\n`);
          throw new CommanderError(1, 'planbot.eval.deadlines', err.message);
        }
        const progress = process.stderr.isTTY && !o.json ? (done: number, total: number) => process.stderr.write(`\r${done}/${total}`) : undefined;
        const report = await evaluate(app.answerer, gold, { thresholdSweep: o.sweep, threshold: o.threshold, onProgress: progress });
        if (progress) process.stderr.write('\r\x1b[K');
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ semantic: app.retriever.semantic, ...report, deadlines })}\n`);
        } else {
          const mode = app.retriever.semantic ? 'hybrid (lexical + vectors)' : `lexical only (${app.semantic.reason})`;
          const dl = deadlines
            ? `\ndeadline extraction vs gold: precision ${pct(deadlines.precision)}, recall ${pct(deadlines.recall)} (${deadlines.truePositives} of ${deadlines.gold} gold found, ${deadlines.extracted} extracted)${[...deadlines.falseNegatives.map((k) => `\n  missed: ${k}`), ...deadlines.falsePositives.map((k) => `\n  extra: ${k}`)].join('')}`
            : '';
          process.stdout.write(`retrieval: ${mode}\n${formatReport(report)}${dl}\n`);
        }
      } finally {
        await app.close();
        await temp?.remove();
      }
    });
}

/**
 * The files of several folders (the five plans and a set of new documents, say) copied into a
 * temporary corpus and indexed there, lexical only, so that a held-out set is measured on
 * documents the real index may not hold. The real index is not touched.
 */
async function temporaryIndex(base: Config, dirs: string[]): Promise<{ cfg: Config; remove: () => Promise<void> }> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'planbot-eval-'));
  const corpusDir = path.join(home, 'corpus');
  await mkdir(corpusDir);
  for (const dir of dirs) {
    const abs = path.resolve(dir);
    let names: string[];
    try {
      names = await readdir(abs);
    } catch (err) {
      await rm(home, { recursive: true, force: true });
      const message = `cannot read --corpus ${dir}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (err as Error).message}`;
      process.stderr.write(`planbot: ${message}\n`);
      throw new CommanderError(1, 'planbot.eval.corpus', message);
    }
    for (const name of names) if (!name.startsWith('.')) await copyFile(path.join(abs, name), path.join(corpusDir, name));
  }
  if ((await readdir(corpusDir)).length === 0) {
    await rm(home, { recursive: true, force: true });
    const message = `the --corpus folders (${dirs.join(', ')}) hold no files`;
    process.stderr.write(`planbot: ${message}\n`);
    throw new CommanderError(1, 'planbot.eval.corpus', message);
  }
  const [{ Store }, { indexCorpus }] = await Promise.all([import('../store/repository.js'), import('../search/indexer.js')]);
  const cfg: Config = { ...base, corpusDir, indexDir: path.join(home, 'index'), dbPath: path.join(home, 'index', 'planbot.db'), semantic: 'off' };
  const store = await Store.open(cfg.dbPath, { create: true });
  try {
    await indexCorpus(store, { corpusDir, indexDir: cfg.indexDir, embedder: null });
  } catch (err) {
    await store.close();
    await rm(home, { recursive: true, force: true });
    throw err;
  }
  await store.close();
  return { cfg, remove: () => rm(home, { recursive: true, force: true }) };
}

// `planbot eval [--gold FILE] [--json] [--sweep] [--threshold X]`: runs the gold questions
// through the answerer over the current index and prints the metrics (src/eval/evaluate.ts).
import path from 'node:path';
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config.js';
import { openApp } from '../app.js';
import { resourcePath } from '../paths.js';
import { evaluate, formatReport, loadGold, GoldError } from '../eval/evaluate.js';

interface EvalOptions {
  gold?: string;
  json?: boolean;
  sweep?: boolean;
  threshold?: number;
}

function parseThreshold(v: string): number {
  const n = Number(v);
  if (!/^\d*\.?\d+$/.test(v) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number between 0 and 1, such as 0.5');
  return n;
}

export function registerEvalCommand(program: Command, cfg: () => Config): void {
  program
    .command('eval')
    .description('measure retrieval, answers, abstention and citations on a gold question set')
    .option('--gold <file>', 'gold questions, a JSON list (default: planbot\'s test/eval/gold.json)')
    .option('--json', 'print the full report as JSON')
    .option('--sweep', 'also re-ask every question at abstention thresholds 0.30 … 0.80')
    .option('--threshold <x>', 'abstention threshold for the main run (default: the answerer\'s)', parseThreshold)
    .action(async (o: EvalOptions) => {
      let gold;
      try {
        gold = await loadGold(o.gold ? path.resolve(o.gold) : resourcePath('test', 'eval', 'gold.json'));
      } catch (err) {
        if (!(err instanceof GoldError)) throw err;
        // One line and exit code 1, like every other user error of the CLI.
        process.stderr.write(`planbot: ${err.message}\n`);
        throw new CommanderError(1, 'planbot.eval.gold', err.message);
      }
      const app = await openApp(cfg());
      try {
        const progress = process.stderr.isTTY && !o.json ? (done: number, total: number) => process.stderr.write(`\r${done}/${total}`) : undefined;
        const report = await evaluate(app.answerer, gold, { thresholdSweep: o.sweep, threshold: o.threshold, onProgress: progress });
        if (progress) process.stderr.write('\r\x1b[K');
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ semantic: app.retriever.semantic, ...report })}\n`);
        } else {
          const mode = app.retriever.semantic ? 'hybrid (lexical + vectors)' : `lexical only (${app.semantic.reason})`;
          process.stdout.write(`retrieval: ${mode}\n${formatReport(report)}\n`);
        }
      } finally {
        await app.close();
      }
    });
}

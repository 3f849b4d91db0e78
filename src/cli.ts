// planbot's command line: index | ask | clause | docs | start. Output for people on stdout,
// logs and progress on stderr; every failure is one line and a non-zero exit.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig, type Config } from './config.js';
import { resourcePath } from './paths.js';
import type { Store } from './store/repository.js';
import type { IndexSummary } from './search/indexer.js';
import type { Semantic, AppContext } from './app.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerDeadlinesCommand } from './commands/deadlines.js';
import { registerNotifyCommand } from './commands/notify.js';

// A command loads what it needs when it runs (the store, the answerer, pdf.js, telegraf,
// transformers.js…), so `planbot --help` or `planbot ask` does not pay for `planbot serve`.

class UserError extends Error {}

let semanticNoticeShown = false;
/** Semantic search off is said once per process, not on every answer. */
function noticeSemantic(s: Semantic, always = true): void {
  if (s.embedder || semanticNoticeShown || (!always && !s.expected)) return;
  semanticNoticeShown = true;
  // Without any model installed this is the normal case: one plain line. A model that was
  // expected (the index has vectors) and is missing gets its reason.
  if (s.expected) process.stderr.write(`planbot: semantic search is off (${s.reason}); answering from the lexical index.\n`);
  else process.stderr.write('planbot: answering from the word index (no embedding model is installed; the README’s “Without a model” says how to add one).\n');
}

function parseYear(v: string): number {
  const n = Number(v);
  if (!/^\d{4}$/.test(v) || n < 1990 || n > 2100) throw new InvalidArgumentError('expected a year such as 2023');
  return n;
}

const PHASE_LABEL = { read: 'reading  ', ocr: 'OCR      ', embed: 'embedding' } as const;

async function runIndex(cfg: Config, opts: { quiet?: boolean } = {}): Promise<IndexSummary> {
  const [{ listPlanFiles, PLAN_EXTENSIONS }, { indexCorpus, CorpusEmptyError }, { loadSemantic }, { Store }, { default: cliProgress }] = await Promise.all([
    import('./corpus/index.js'),
    import('./search/indexer.js'),
    import('./app.js'),
    import('./store/repository.js'),
    import('cli-progress'),
  ]);
  if (!existsSync(cfg.dbPath)) {
    const files = await listPlanFiles(cfg.corpusDir);
    if (files.length === 0) throw new CorpusEmptyError(`no plan files (${PLAN_EXTENSIONS.join(', ')}) in ${cfg.corpusDir}`);
  }
  const semantic = await loadSemantic(cfg);
  if (!opts.quiet) noticeSemantic(semantic);
  const store = await Store.open(cfg.dbPath, { create: true });
  const bar = process.stderr.isTTY && !opts.quiet ? new cliProgress.SingleBar({ format: '{phase} [{bar}] {value}/{total} {label}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  let phase = '';
  try {
    return await indexCorpus(store, {
      corpusDir: cfg.corpusDir,
      indexDir: cfg.indexDir,
      embedder: semantic.embedder,
      ocr: cfg.ocr,
      onProgress: (p) => {
        // OCR takes seconds a page: its progress is said even when stderr is not a terminal (a log, a service).
        if (!bar) {
          if (p.phase === 'ocr' && p.done < p.total && !opts.quiet) process.stderr.write(`planbot: OCR ${p.label}\n`);
          return;
        }
        if (p.phase !== phase) {
          if (phase) bar.stop();
          phase = p.phase;
          bar.start(p.total, p.done, { phase: PHASE_LABEL[p.phase], label: p.label });
        } else bar.update(p.done, { label: p.label });
      },
    });
  } finally {
    bar?.stop();
    await store.close();
  }
}

function printSummary(s: IndexSummary): void {
  const lines = [
    s.semantic
      ? `indexed ${s.documents} documents, ${s.clauses} clauses, ${s.chunks} chunks in ${s.seconds.toFixed(2)} s; semantic search on`
      : `indexed ${s.documents} documents, ${s.clauses} clauses in ${s.seconds.toFixed(2)} s (word index)`,
    `  added ${s.added.length}, changed ${s.changed.length}, removed ${s.removed.length}, unchanged ${s.unchanged.length}${s.embedded ? `, ${s.embedded} passages embedded` : ''}`,
    ...s.errors.map((e) => `  skipped ${e.file}: ${e.reason}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function repl(app: AppContext, stop?: AbortSignal): Promise<void> {
  const [{ default: readline }, { localCommand }, { replyText }, { QuestionError }] = await Promise.all([
    import('node:readline'),
    import('./chat/localCommands.js'),
    import('./channels/replies.js'),
    import('./answer/answerer.js'),
  ]);
  noticeSemantic(app.semantic);
  const docs = await app.store.listDocuments();
  process.stdout.write(`planbot: ${docs.length} plans loaded. Ask a question (Vietnamese or English), "/clause <id>" to open a clause, "/help" for the commands, "/quit" to leave.\n`);
  // Created after the last await before the loop: lines read before the async iterator
  // exists would be lost when input is piped.
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  stop?.addEventListener('abort', () => rl.close(), { once: true });
  const prompt = () => process.stdin.isTTY && rl.prompt();
  rl.setPrompt('> ');
  prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (!text) {
      prompt();
      continue;
    }
    if (text === '/quit' || text === '/exit') break;
    try {
      const local = text.startsWith('/clause') ? null : await localCommand(app.store, text, new Date(), 'terminal');
      if (text.startsWith('/clause')) {
        const id = text.replace(/^\/clause\s*/, '');
        process.stdout.write(`${await showClause(app.store, id)}\n`);
      } else if (local) {
        // The Telegram commands mean the same here (/huongdan, /kehoach, /hanchot…).
        process.stdout.write(`${replyText(local)}\n`);
      } else {
        const a = await app.answerer.ask(text);
        process.stdout.write(`${a.answer}\n`);
      }
    } catch (err) {
      if (err instanceof QuestionError || err instanceof UserError) process.stdout.write(`planbot: ${err.message}\n`);
      else throw err;
    }
    prompt();
  }
  rl.close();
}

async function showClause(store: Store, id: string): Promise<string> {
  const [{ MAX_CLAUSE_ID_CHARS }, { formatClause }, { clauseTitle }] = await Promise.all([import('./store/clauseSuggestions.js'), import('./answer/clauseView.js'), import('./store/repository.js')]);
  if (id.trim().length > MAX_CLAUSE_ID_CHARS) throw new UserError(`a clause id is at most ${MAX_CLAUSE_ID_CHARS} characters (this one has ${id.trim().length})`);
  const clause = await store.getClause(id.trim());
  if (!clause) {
    const near = await store.suggestClauseIds(id);
    throw new UserError(`no clause ${JSON.stringify(id)}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`);
  }
  const doc = await store.getDocument(clause.docId);
  const nav = await store.neighbours(clause);
  const children = await store.children(clause.id);
  const name = doc?.supersededBy ? `${doc.shortName} (superseded by ${doc.supersededBy})` : (doc?.shortName ?? clause.docId);
  return formatClause(clause, name, nav, children.map((c) => `${c.id}  ${clauseTitle(c)}`));
}

/** The version in package.json. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(resourcePath('package.json'), 'utf8')) as { version: string }).version;
}

export function buildProgram(cfg: () => Config): Command {
  const program = new Command('planbot')
    .description('Answers questions about Vietnamese yearly education plans, citing the exact clause.')
    .version(packageVersion(), '-V, --version', 'print the version of planbot')
    .showHelpAfterError('(run `planbot --help` for the commands)')
    .exitOverride();

  program
    .command('index')
    .description('build or update index/ from corpus/ (only changed documents are re-read)')
    .option('--json', 'print the summary as JSON')
    .action(async (o: { json?: boolean }) => {
      const s = await runIndex(cfg(), { quiet: o.json });
      if (o.json) process.stdout.write(`${JSON.stringify(s)}\n`);
      else printSummary(s);
    });

  program
    .command('ask')
    .description('answer a question with citations')
    .argument('<question>', 'the question, in Vietnamese or English')
    .option('--json', 'print one JSON object')
    .option('--doc <id>', 'only this plan (see `planbot docs`)')
    .option('--year <yyyy>', 'only plans whose school year contains this year', parseYear)
    .action(async (question: string, o: { json?: boolean; doc?: string; year?: number }) => {
      const { openApp } = await import('./app.js');
      const app = await openApp(cfg());
      try {
        if (!o.json) noticeSemantic(app.semantic, false);
        const a = await app.answerer.ask(question, { docId: o.doc, year: o.year });
        process.stdout.write(o.json ? `${JSON.stringify(a)}\n` : `${a.answer}\n`);
      } finally {
        await app.close();
      }
    });

  program
    .command('clause')
    .description('show a clause with its breadcrumb and neighbours')
    .argument('<clauseId>', 'e.g. hong-bang-2023-2024#III.1.1')
    .action(async (id: string) => {
      const { Store } = await import('./store/repository.js');
      const store = await Store.open(cfg().dbPath, { create: false });
      try {
        process.stdout.write(`${await showClause(store, id)}\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('docs')
    .description('list the indexed plans and any files that were skipped')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { Store } = await import('./store/repository.js');
      const store = await Store.open(cfg().dbPath, { create: false });
      try {
        const docs = await store.listDocuments();
        const errors = await store.listErrors();
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ documents: docs, skipped: errors })}\n`);
          return;
        }
        for (const d of docs) {
          const signed = d.signed ? `${d.signed.iso} (${d.signed.precision})` : 'unknown';
          const signer = d.signer ? `${d.signer.name}${d.signer.position ? `, ${d.signer.position}` : ''}` : '—';
          const covers = d.schoolYear ? `school year: ${d.schoolYear}` : `period: ${d.period ?? '—'}`;
          process.stdout.write(
            `${d.docId}\n  ${d.shortName} — ${d.title}\n` +
              `  kind: ${d.docKind ?? '—'}; number: ${d.docNumber ?? '—'}${d.enclosingNumber && d.enclosingNumber !== d.docNumber ? ` (issued with ${d.enclosingNumber})` : ''}; issuer: ${d.issuer ?? '—'}${d.issuerLevel ? ` (${d.issuerLevel})` : ''}\n` +
              `  place: ${d.place ?? '—'}; signed: ${signed}; signer: ${signer}; ${covers}; clauses: ${d.clauseCount}; from: ${d.format}${d.ocr ? ' (scan, read by OCR)' : ''}` +
              `${d.supersededBy ? `\n  superseded by ${d.supersededBy} (a newer version of the same plan)` : ''}\n`,
          );
        }
        for (const e of errors) process.stdout.write(`skipped ${e.file}: ${e.reason}\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('start')
    .alias('serve')
    .description(
      'index if needed, then serve: the web chat at http://localhost:PORT (PORT, default 8080; PLANBOT_WEB=off turns it off), the Telegram bot (TELEGRAM_BOT_TOKEN), the Zalo OA (ZALO_*) and deadline reminders; with no bot set up, also a chat in this terminal',
    )
    .action(async () => {
      const c = cfg();
      const { serve } = await import('./chat/serve.js');
      await serve(c, { index: async () => printSummary(await runIndex(c)), localChat: repl, announce: (line) => process.stdout.write(`${line}\n`) });
    });

  // more commands register here (one import + one call each)
  registerEvalCommand(program, cfg);
  registerDeadlinesCommand(program, cfg);
  registerNotifyCommand(program, cfg);

  return program;
}

// Failures of the user's making, said in one line (by class name: their modules load only when used).
const KNOWN_ERRORS = new Set(['ConfigError', 'StoreMissingError', 'CorpusEmptyError', 'DocumentError', 'QuestionError', 'UserError']);
const isKnown = (err: unknown) => {
  for (let c = err && Object.getPrototypeOf(err); c && c !== Error.prototype; c = Object.getPrototypeOf(c)) if (KNOWN_ERRORS.has(c.constructor.name)) return true;
  return false;
};

export async function main(argv: string[]): Promise<number> {
  let config: Config | null = null;
  const cfg = () => (config ??= loadConfig());
  const program = buildProgram(cfg);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 1; // commander already printed why
    if (isKnown(err)) {
      process.stderr.write(`planbot: ${(err as Error).message}\n`);
      return 1;
    }
    const { makeLogger } = await import('./logger.js');
    const logger = makeLogger(cfg());
    logger.error({ err }, 'unexpected failure');
    process.stderr.write(`planbot: unexpected error: ${(err as Error).message}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

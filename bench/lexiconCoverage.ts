// `node dist/bench/lexiconCoverage.js [file.json …]`: lexicon coverage of English questions
// (a JSON array of strings, or {questions: [...]}, or gold items with lang "en"). Prints the
// share of content words translated and the words left untranslated. Asserts nothing.
import { readFileSync } from 'node:fs';
import { resourcePath } from '../src/paths.js';
import { lexiconCoverage } from '../src/answer/lexiconCoverage.js';

function questionsOf(file: string): string[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { questions: unknown[] }).questions;
  return list.flatMap((x) => (typeof x === 'string' ? [x] : (x as { lang?: string; question?: string }).lang === 'en' && (x as { question?: string }).question ? [(x as { question: string }).question] : []));
}

const files = process.argv.slice(2);
for (const file of files.length ? files : [resourcePath('test', 'fixtures', 'lexicon-heldout.json')]) {
  const r = lexiconCoverage(questionsOf(file));
  console.log(`${file}: ${r.questions} questions, ${r.translated}/${r.contentWords} content words translated (${(100 * r.share).toFixed(1)}%)`);
  console.log(`untranslated: ${r.untranslated.map(([w, n]) => (n > 1 ? `${w}×${n}` : w)).join(', ')}`);
}

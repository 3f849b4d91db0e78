// Answer wording: the templates of prompts/answer.<lang>.json, f-string templates as
// @langchain/core's PromptTemplate reads them ("{name}", "{{" for a brace), rendered here: its
// module graph (~270 modules with langsmith) was a third of a `planbot ask` process's start.
// test/wording.test.ts holds every template to PromptTemplate's output. Wording lives in
// prompts/, never in code.
import { readFileSync } from 'node:fs';
import { resourcePath } from '../paths.js';
import type { Lang } from './understand.js';

const cache = new Map<Lang, Record<string, string>>();

/** All templates and phrases of a language. */
export function wording(lang: Lang): Record<string, string> {
  if (!cache.has(lang)) cache.set(lang, JSON.parse(readFileSync(resourcePath('prompts', `answer.${lang}.json`), 'utf8')));
  return cache.get(lang)!;
}

/** A phrase looked up by key ("role.phối hợp"), or the fallback when the language has none. */
export function phrase(lang: Lang, key: string, fallback: string): string {
  return wording(lang)[key] ?? fallback;
}

type Part = { text: string } | { name: string };

/** A template's literal text and variables, with PromptTemplate's f-string rules and errors. */
export function parseTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  while (i < template.length) {
    const two = template.slice(i, i + 2);
    if (two === '{{' || two === '}}') {
      parts.push({ text: two[0] });
      i += 2;
    } else if (template[i] === '{') {
      const j = template.indexOf('}', i);
      if (j < 0) throw new Error("Unclosed '{' in template.");
      parts.push({ name: template.slice(i + 1, j) });
      i = j + 1;
    } else if (template[i] === '}') throw new Error("Single '}' in template.");
    else {
      const m = /[{}]/.exec(template.slice(i));
      const end = m ? i + m.index : template.length;
      parts.push({ text: template.slice(i, end) });
      i = end;
    }
  }
  return parts;
}

export function renderTemplate(parts: Part[], values: Record<string, string>): string {
  let out = '';
  for (const p of parts) {
    if ('text' in p) out += p.text;
    else if (Object.hasOwn(values, p.name)) out += values[p.name];
    else throw new Error(`(f-string) Missing value for input ${p.name}`);
  }
  return out;
}

// Parsed once per template: answers render a dozen of them each.
const parsed = new Map<string, Part[]>();

export async function render(lang: Lang, key: string, vars: Record<string, string | number>): Promise<string> {
  const id = `${lang}\u0000${key}`;
  let tpl = parsed.get(id);
  if (!tpl) {
    const template = wording(lang)[key];
    if (template === undefined) throw new Error(`no wording ${key} for ${lang}`);
    tpl = parseTemplate(template);
    parsed.set(id, tpl);
  }
  const values = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]));
  return renderTemplate(tpl, values);
}

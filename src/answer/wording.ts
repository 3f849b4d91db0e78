// Answer wording: the templates of prompts/answer.<lang>.json, rendered with @langchain/core's
// PromptTemplate. Wording lives in prompts/, never in code.
import { readFileSync } from 'node:fs';
import { PromptTemplate } from '@langchain/core/prompts';
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

// Parsed once per template: answers render a dozen of them each.
const parsed = new Map<string, PromptTemplate>();

export async function render(lang: Lang, key: string, vars: Record<string, string | number>): Promise<string> {
  const id = `${lang}\u0000${key}`;
  let tpl = parsed.get(id);
  if (!tpl) {
    const template = wording(lang)[key];
    if (template === undefined) throw new Error(`no wording ${key} for ${lang}`);
    tpl = PromptTemplate.fromTemplate(template);
    parsed.set(id, tpl);
  }
  const values = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, String(v)]));
  return tpl.format(values);
}

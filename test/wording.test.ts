// The answer templates are rendered without @langchain/core (its modules were a third of a
// `planbot ask` start): every template of both languages must render as PromptTemplate does.
import { describe, expect, it } from 'vitest';
import { PromptTemplate } from '@langchain/core/prompts';
import { parseTemplate, render, renderTemplate, wording } from '../src/answer/wording.js';

describe('answer wording', () => {
  it('renders every template as PromptTemplate does', async () => {
    let n = 0;
    for (const lang of ['vi', 'en'] as const) {
      for (const [key, template] of Object.entries(wording(lang))) {
        const tpl = PromptTemplate.fromTemplate(template);
        // Values with braces and dollar signs: substituted as they are.
        const values = Object.fromEntries(tpl.inputVariables.map((v, i) => [v, `${v}-{${i}}-$&`]));
        expect(await render(lang, key, values), `${lang} ${key}`).toBe(await tpl.format(values));
        n++;
      }
    }
    expect(n).toBeGreaterThan(50);
  });

  it('reads braces, and fails, as PromptTemplate does', async () => {
    for (const t of ['a {{b}} {c}', '{x}{y}', 'no vars', '}}{{']) {
      const tpl = PromptTemplate.fromTemplate(t);
      const values = Object.fromEntries(tpl.inputVariables.map((v) => [v, v.toUpperCase()]));
      expect(renderTemplate(parseTemplate(t), values)).toBe(await tpl.format(values));
    }
    expect(() => parseTemplate('a {b')).toThrow(/Unclosed/);
    expect(() => parseTemplate('a } b')).toThrow(/Single/);
    expect(() => renderTemplate(parseTemplate('{who}'), {})).toThrow(/Missing value for input who/);
  });
});

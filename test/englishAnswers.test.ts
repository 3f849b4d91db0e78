// English answers over the five plans: agencies by their English names with the Vietnamese
// kept, full dates in English, partial dates with the plan's words, and the trust check
// still finding every Vietnamese agency and figure of a lead in the cited clause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';

describe('English answers', () => {
  let h: IndexedHome;
  beforeAll(async () => {
    h = await makeIndexedHome('english');
  }, 120_000);
  afterAll(async () => {
    await h?.dispose();
  });
  const ask = (q: string) => h.app.answerer.ask(q);

  it('names the agency in English with the Vietnamese in parentheses, written as the clause writes it', async () => {
    const a = await ask('who is responsible for school security in Hồng Bàng?');
    expect(a.lang).toBe('en');
    const lead = a.answer.split('\n')[0];
    expect(lead).toMatch(/^Responsible: the District Police \(Công an quận\), in coordination with the Division of Education and Training \(Phòng Giáo dục và Đào tạo\) \[1\]$/);
    const clause = (await h.app.store.getClauses([a.citations[0].clauseId])).get(a.citations[0].clauseId)!;
    for (const vi of lead.matchAll(/\(([^()]+)\)/g)) expect(clause.heading + '\n' + clause.text).toContain(vi[1]);
  });

  it('gives a full date in English alone, and keeps the plan’s words for a partial one', async () => {
    const full = await ask("By when must schools in Ho Chi Minh City send the final report on the year's tasks?");
    expect(full.answer.split('\n')[0]).toBe('Due: 15 June 2024 [1]');
    const partial = await ask('When must Bach Dang kindergarten reach the national standard?');
    expect(partial.answer).toMatch(/^Due:(\n• | )December 2023 \(“cuối năm 2023”\) \[1\]/);
  });

  it('answers a mixed question from its Vietnamese terms', async () => {
    const a = await ask('what is the target for tỷ lệ huy động trẻ in Hồng Bàng');
    expect(a.lang).toBe('en');
    expect(a.abstained).toBe(false);
    expect(a.answer.startsWith('Target:')).toBe(true);
    expect(a.citations[0].clauseId.startsWith('hong-bang-2023-2024#')).toBe(true);
    expect(a.citations[0].quote).toMatch(/huy động trẻ/);
  });
});

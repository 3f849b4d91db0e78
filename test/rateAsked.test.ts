// An amount per month asked ("per month", "mỗi tháng") is answered by an amount per month
// ("160.000 đồng/trẻ/tháng"), never by a one-off sum of the same plan: over probe 4's Đồng Nai
// resolution, whose one-off sum per school shares more of the question's words.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHomeOf, REPO, type IndexedHome } from './helpers/indexedHome.js';

const DIR = path.join(REPO, 'test/fixtures/probe4-plans');
let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHomeOf('rate-asked', Object.fromEntries(readdirSync(DIR).map((f) => [f, readFileSync(path.join(DIR, f), 'utf8')])), { PLANBOT_SEMANTIC: 'off' });
}, 120_000);
afterAll(() => h?.dispose());

describe('an amount per month asked', () => {
  it('is not answered by a one-off sum', async () => {
    const a = await h.app.answerer.ask('How much do kids of industrial-zone workers get per month under the Dong Nai resolution?');
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.citations[0].quote).toContain('đồng/trẻ/tháng');
    expect(a.citations.some((c) => c.quote.includes('20.000.000 đồng/cơ sở'))).toBe(false);
  });
});

// An agency's duties asked ("What must schools … do?") are the section headed by it, also when the
// heading names it in the plural ("Các trường", "Ủy ban nhân dân các xã") or reads "Trách nhiệm
// của …": not a line of another section that names it. Real index of the five plans.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHome('duties-heading', { PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' });
}, 60_000);
afterAll(() => h?.dispose());

describe('a section headed by the agency asked about', () => {
  it('gives its duties though the heading names it in the plural ("Các trường")', async () => {
    const a = await h.app.answerer.ask('What must schools under the Ca Mau education office do with the plan?');
    expect(a.outcome).toBe('answer');
    const clause = await h.app.store.getClause(a.citations[0].clauseId);
    expect(clause?.heading.toLowerCase()).toContain('các trường');
  });
});

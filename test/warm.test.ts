// A server reads the plans' metadata and vocabulary when it starts (Answerer.warm), so the first
// official's question does not wait for it. With the plans' words stored by the indexer that is
// only their abbreviations; an index without them has every plan's vocabulary built (~20 s at 2 500 plans).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeIndexedHome, type IndexedHome } from './helpers/indexedHome.js';

let h: IndexedHome;
beforeAll(async () => {
  h = await makeIndexedHome('warm');
}, 120_000);
afterAll(() => h?.dispose());

function recordReads(store: IndexedHome['app']['store']): string[] {
  const read: string[] = [];
  const clausesOf = store.clausesOf.bind(store);
  store.clausesOf = async (docId: string) => {
    read.push(docId);
    return clausesOf(docId);
  };
  return read;
}

it('reads no plan ahead of the first question when the index stores the plans\' words, and the question reads only its plan', async () => {
  const store = h.app.store;
  expect(await store.words.usable()).toBe(true);
  const read = recordReads(store);
  await h.app.answerer.warm();
  expect(read).toEqual([]);
  // The question reads only the plan it is about (for the references inside it), not every plan.
  const a = await h.app.answerer.ask('Tỷ lệ trẻ suy dinh dưỡng ở Hồng Bàng là bao nhiêu?');
  expect(a.outcome).toBe('answer');
  expect([...new Set(read)]).toEqual(['hong-bang-2023-2024']);
});

it('without stored words (an index of another version), reads every plan once ahead of the first question, and the question does not read them all again', async () => {
  const store = h.app.store;
  await store.db.run("DELETE FROM settings WHERE key = 'words_version'");
  await store.bumpGeneration(); // a new view
  const read = recordReads(store);
  await h.app.answerer.warm();
  const docs = (await store.listDocuments()).map((d) => d.docId);
  expect(read.sort()).toEqual(docs.sort());
  read.length = 0;
  await h.app.answerer.warm();
  expect(read).toEqual([]);
  const a = await h.app.answerer.ask('Tỷ lệ trẻ suy dinh dưỡng ở Hồng Bàng là bao nhiêu?');
  expect(a.outcome).toBe('answer');
  expect([...new Set(read)]).toEqual(['hong-bang-2023-2024']);
});

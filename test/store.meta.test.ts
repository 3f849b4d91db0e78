// The header metadata fields in the store: written by the indexer, read back by
// listDocuments, and re-read for an unchanged file when the metadata extractor has changed.
import { afterAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';
import { METADATA_VERSION } from '../src/corpus/metadata.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const tmp: string[] = [];
afterAll(async () => Promise.all(tmp.map((d) => rm(d, { recursive: true, force: true }))));

describe('stored header metadata', () => {
  it('round-trips the new fields and refreshes metadata read by an older extractor', async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'planbot-meta-'));
    tmp.push(home);
    await cp(path.join(REPO, 'corpus'), path.join(home, 'corpus'), { recursive: true });
    const store = await Store.open(path.join(home, 'index', 'planbot.db'), { create: true });
    try {
      const index = () => indexCorpus(store, { corpusDir: path.join(home, 'corpus'), indexDir: path.join(home, 'index'), embedder: null });
      await index();
      const hb = async () => (await store.getDocument('hong-bang-2023-2024'))!;
      expect(await hb()).toMatchObject({
        issuer: 'UBND quận Hồng Bàng', issuerLevel: 'district', issuerType: 'UBND', docKind: 'Kế hoạch', enclosingNumber: null, period: null,
        signer: { name: 'Lê Thị Vân', position: 'Phó Chủ tịch', text: 'TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Thị Vân' }, metaVersion: METADATA_VERSION,
      });
      // An index written before these fields: the same file, metadata of an older extractor.
      await store.db.run('UPDATE documents SET doc_kind = NULL, signer = NULL, issuer = NULL, meta_version = 0');
      const s = await index();
      expect(s.unchanged).toHaveLength(5);
      expect(await hb()).toMatchObject({ issuer: 'UBND quận Hồng Bàng', docKind: 'Kế hoạch', signer: { name: 'Lê Thị Vân' }, metaVersion: METADATA_VERSION });
      expect((await store.clausesOf('hong-bang-2023-2024')).length).toBe(41);
    } finally {
      await store.close();
    }
  });
});

// A pass that rewrites many plans merges the full-text index into one segment (FTS5 'optimize'):
// at 2 500 plans a whole re-index left it in many segments and asking ~15% slower. A pass that
// changes one plan leaves merging to FTS5. Segments are counted in the real SQLite file: a
// segment's pages have rowids (segment id << 37) + page in clause_fts_data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Store } from '../src/store/repository.js';
import { indexCorpus } from '../src/search/indexer.js';
import { lexicalUnits } from '../src/corpus/fold.js';

const PLACES = ['An Phú', 'Bình Minh', 'Cát Tiên', 'Đạ Huoai', 'Ea Kar', 'Gò Quao', 'Hòn Đất', 'Krông Bông', 'Lắk', 'Mỏ Cày', 'Ninh Sơn', 'Ô Môn', 'Phú Tân', 'Quế Sơn', 'Sa Thầy', 'Tam Nông', 'Tháp Mười', 'U Minh', 'Vĩnh Thạnh', 'Xuyên Mộc', 'Yên Thế', 'Chợ Mới', 'Đầm Dơi', 'Hải Hậu', 'Kiến Xương'];
const plan = (place: string, n: number) => `ỦY BAN NHÂN DÂN HUYỆN ${place.toUpperCase()}

Số: ${100 + n}/KH-UBND

${place}, ngày ${1 + (n % 27)} tháng 8 năm 2024

KẾ HOẠCH

Nhiệm vụ năm học 2024-2025 của huyện ${place}

I. MỤC TIÊU

1. Tỷ lệ trẻ mẫu giáo ra lớp đạt ${80 + (n % 20)}%.

2. Có ${n + 3} trường đạt chuẩn quốc gia vào cuối năm 2025.

II. TỔ CHỨC THỰC HIỆN

1. Phòng Giáo dục và Đào tạo chủ trì, phối hợp với Công an huyện ${place} bảo đảm an ninh trường học.
`;

const segments = (store: Store) => store.db.get<{ n: number }>('SELECT count(DISTINCT id >> 37) AS n FROM clause_fts_data WHERE id >= (1 << 37)').then((r) => r!.n);

let dir: string;
let store: Store;
let corpusDir: string;
let indexDir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'planbot-fts-'));
  corpusDir = path.join(dir, 'corpus');
  indexDir = path.join(dir, 'index');
  await mkdir(corpusDir, { recursive: true });
  await Promise.all(PLACES.map((p, i) => writeFile(path.join(corpusDir, `huyen-${i}-2024-2025.txt`), plan(p, i))));
  store = await Store.open(path.join(indexDir, 'planbot.db'), { create: true });
}, 60_000);

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the full-text index after a pass', () => {
  it('is one segment after a first index of many plans, and searches as before', async () => {
    const s = await indexCorpus(store, { corpusDir, indexDir, embedder: null });
    expect(s.added).toHaveLength(PLACES.length);
    expect(await segments(store)).toBe(1);
    const hits = await store.lexicalSearch(lexicalUnits('an ninh trường học Ea Kar'), { limit: 3 });
    expect(hits[0].clauseId).toBe('huyen-4-2024-2025#II.1');
  });

  it('is left to FTS5 when one plan changed', async () => {
    await writeFile(path.join(corpusDir, 'huyen-7-2024-2025.txt'), plan('Krông Bông', 7).replace('an ninh trường học', 'an ninh, an toàn trường học'));
    const s = await indexCorpus(store, { corpusDir, indexDir, embedder: null });
    expect(s.changed).toEqual(['huyen-7-2024-2025']);
    expect(await segments(store)).toBeGreaterThan(1);
  });
});

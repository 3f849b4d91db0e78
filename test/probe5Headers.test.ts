// Header metadata of the probe-5 plans (test/fixtures/probe5-plans) against labels written from
// the documents before planbot read them (test/eval/probe5.labels.json), field by field: a
// first reading, nothing was built for it: 48 of 48 fields right (signer, date, number, title,
// school year and period of a calendar decision, a markdown plan, a pipe-table directive and a
// scraped letter). Held at a floor.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIELDS, readMetas, score, type Field, type Label } from './helpers/metadataLabels.js';

const REPO = path.resolve(__dirname, '..');
const LABELS = JSON.parse(readFileSync(path.join(REPO, 'test/eval/probe5.labels.json'), 'utf8')) as { docs: Record<string, Label> };

describe('probe-5 header metadata', () => {
  it('reads every labelled field of the four plans', async () => {
    const metas = await readMetas(LABELS.docs, path.join(REPO, 'test/fixtures/probe5-plans'));
    const { n, right, overall, report } = score(LABELS.docs, metas);
    console.log(`probe-5 metadata, ${n} documents:\n${report}`);
    expect(n).toBe(4);
    const wrong = FIELDS.filter((f: Field) => right[f] < n);
    expect(overall, `fields not read right everywhere: ${wrong.join(', ')}`).toBeGreaterThanOrEqual(FLOOR);
  });
});
const FLOOR = 48 / 48 - 1e-9;

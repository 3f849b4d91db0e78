// Header metadata of the probe plans against labels written from the documents before planbot
// read them (test/eval/probe*.labels.json), field by field, each held at a floor:
// - probe 4 (test/fixtures/probe4-plans): first reading 44 of 48 fields (two titles lost their
//   second line, a V/v subject its school year). Now 46: the two left are Tây Ninh's signing
//   date, read "2025-03" from "ngày … tháng 3 năm 2025" (day left blank; the label says none),
//   and Phù Mỹ's period, read "2025" from "năm 2025" as the dev-corpus labels read a one-year plan
//   (this label says none).
// - probe 5 (test/fixtures/probe5-plans): a first reading, nothing was built for it: 48 of 48
//   (a calendar decision, a markdown plan, a pipe-table directive and a scraped letter).
// - probe 6 (test/fixtures/probe6-plans, session 10): first reading 56 of 60 (a markdown plan's
//   "# KẾ HOẠCH" / "## subject" headings read as "Kế hoạch # Kế hoạch", so its period lost too;
//   "phê duyệt kế hoạch …" from a title in capitals). Now 59: left is Vĩnh Khê's blank signing
//   day, read "2025-03" as Tây Ninh's.
// - probe 7 (test/fixtures/probe7-plans, session 11): first reading 54 of 60, all six on the
//   commune plan pasted from a PDF (two columns side by side with wide gaps: its two issuer lines
//   read as the superior's, an indented number line, a signature block beside the recipients).
//   Now 59: left is its period, read "2025" from "năm 2025" as Phù Mỹ's (this label says none).
// - probe 8 (test/fixtures/probe8-plans, session 12, documents and labels written by a helper that
//   never saw planbot): first reading 57 of 60, all three on the commune plan pasted from a PDF (the
//   motto's second line read across the number cell to the date; the recipients read across the
//   signature column). Now 60.
// - probe 9 (test/fixtures/probe9-plans, session 12, written by another such helper: a provincial
//   decision with its plan attached after the signature, a Phòng's admissions guidance with a pipe-
//   table header, a ward's holiday notice, a district chairman's directive, a school's own plan):
//   first reading 59 of 60, nothing built for it; the one left is the notice's period, read "2026"
//   from "năm 2026" as Phù Mỹ's (this label says none).
// - probe 10 (test/fixtures/probe10-plans, session 13, written by another such helper): first
//   reading 51 of 60 as labelled. Five titles were the labeller's convention, not misreadings: the
//   word after the kind kept in capitals ("Kế hoạch Bồi dưỡng …") and a công văn's title without
//   "Công văn"; the labels now accept the earlier probes' form too (56 of 60). Of the four left, three
//   were one misreading: a school under its Sở with a Markdown table parting the two rows (and
//   "**…**" around the school's cell) read as the Sở. Now 59: left is a one-year plan's period, read
//   "2026" from "năm 2026" (this label says none).
// - probe 11 (test/fixtures/probe11-plans, session 13, written by another such helper): first
//   reading 55 of 60: a Word table header whose cells held several lines (<br>) read as one field
//   (issuer, number and date lost, three), a signature block flattened onto one line by a web page.
//   Now 59: left is a one-year plan's period again.
// - probe 12 (test/fixtures/probe12-plans, session 15, written by another such helper): first reading
//   54 of 60: a signer's name alone on its line under the recipients of a PDF pasted with its indent
//   lost, an issuer and a date behind a Word converter's backslash escapes ("\-\-\-"). Now 57: left
//   are a one-year plan's period, a title the labeller cased otherwise ("Kế hoạch sắp xếp" for a title
//   in capitals), and an enclosing number the labeller gave a decision with its plan attached.
// - probe 13 (test/fixtures/probe13-plans, session 15, likewise): first reading 55 of 60: three signers
//   with the names of ethnic-minority officials ("Y Khuê Mlô", "A Hlôm", "Ksor Y Blin"). Now 58: left
//   are a one-year plan's period and a công văn's title without its "V/v", the labeller's convention.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIELDS, readMetas, score, type Field, type Label } from './helpers/metadataLabels.js';

const REPO = path.resolve(__dirname, '..');
const PROBES = [
  { name: 'probe-4', labels: 'probe4.labels.json', folder: 'probe4-plans', floor: 46 / 48 },
  { name: 'probe-5', labels: 'probe5.labels.json', folder: 'probe5-plans', floor: 48 / 48 },
  { name: 'probe-6', labels: 'probe6.labels.json', folder: 'probe6-plans', floor: 59 / 60 },
  { name: 'probe-7', labels: 'probe7.labels.json', folder: 'probe7-plans', floor: 59 / 60 },
  { name: 'probe-8', labels: 'probe8.labels.json', folder: 'probe8-plans', floor: 60 / 60 },
  { name: 'probe-9', labels: 'probe9.labels.json', folder: 'probe9-plans', floor: 59 / 60 },
  { name: 'probe-10', labels: 'probe10.labels.json', folder: 'probe10-plans', floor: 59 / 60 },
  { name: 'probe-11', labels: 'probe11.labels.json', folder: 'probe11-plans', floor: 59 / 60 },
  { name: 'probe-12', labels: 'probe12.labels.json', folder: 'probe12-plans', floor: 57 / 60 },
  { name: 'probe-13', labels: 'probe13.labels.json', folder: 'probe13-plans', floor: 58 / 60 },
];

describe('probe header metadata', () => {
  for (const p of PROBES) {
    it(`reads every labelled field of the ${p.name} plans`, async () => {
      const labels = JSON.parse(readFileSync(path.join(REPO, 'test/eval', p.labels), 'utf8')) as { docs: Record<string, Label> };
      const metas = await readMetas(labels.docs, path.join(REPO, 'test/fixtures', p.folder));
      const { n, right, overall, report } = score(labels.docs, metas);
      console.log(`${p.name} metadata, ${n} documents:\n${report}`);
      expect(n).toBe(Object.keys(labels.docs).length);
      const wrong = FIELDS.filter((f: Field) => right[f] < n);
      expect(overall, `fields not read right everywhere: ${wrong.join(', ')}`).toBeGreaterThanOrEqual(p.floor - 1e-9);
    });
  }
});

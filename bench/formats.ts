// Time to read each format of the five plans (file bytes → text → clause tree), median of
// several runs per plan; fixtures are generated first (test/helpers/planFixtures.ts) and not
// timed. Prints figures; asserts nothing.
import { parseSource } from '../src/corpus/index.js';
import * as F from '../test/helpers/planFixtures.js';

const RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchFormats(say: (line: string) => void): Promise<void> {
  const makers: [string, string, (stem: string) => Promise<Buffer> | Buffer][] = [
    ['UTF-8 .txt', 'txt', (s) => Buffer.from(F.planText(s))],
    ['UTF-16 .txt', 'txt', (s) => F.utf16le(F.planText(s))],
    ['TCVN3 .txt', 'txt', (s) => F.tcvn3(F.planText(s))],
    ['VNI .txt', 'txt', (s) => F.vni(F.planText(s))],
    ['.docx', 'docx', async (s) => (await F.docxFromPlan(s)).bytes],
    ['.pdf', 'pdf', async (s) => (await F.pdfFromPlan(s)).bytes],
  ];
  for (const [label, ext, make] of makers) {
    const perPlan: string[] = [];
    let total = 0;
    let bytes = 0;
    for (const stem of F.PLAN_STEMS) {
      const file = await make(stem);
      bytes += file.length;
      await parseSource({ file: `${stem}.${ext}`, docId: stem, bytes: file }); // warm-up (pdf.js loads once)
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await parseSource({ file: `${stem}.${ext}`, docId: stem, bytes: file });
        times.push(performance.now() - t);
      }
      const m = median(times);
      total += m;
      perPlan.push(`${stem} ${m.toFixed(1)}`);
    }
    say(`parse ${label}: ${total.toFixed(0)} ms for the five plans (${(bytes / 1024).toFixed(0)} KiB; ms each: ${perPlan.join(', ')})`);
  }
}

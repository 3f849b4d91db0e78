// A large plan of a made-up district (Lê Chân), built from the Hồng Bàng plan: its header, one
// Roman section of numbered tasks whose paragraphs are Hồng Bàng's, and its closing. Big enough
// to keep `planbot index` busy for a while (tests of a server beside the indexer, the bench).
import { readFileSync } from 'node:fs';
import { resourcePath } from '../../src/paths.js';

export const BIG_PLAN_ID = 'le-chan-2023-2024';
export const BIG_PLAN_FILE = `${BIG_PLAN_ID}.txt`;

/** The plan's text, of about `bytes` bytes; `edition` changes every task's heading, so two editions differ everywhere. */
export function bigPlanText(bytes: number, edition = 1): string {
  const src = readFileSync(resourcePath('corpus', 'hong-bang-2023-2024.txt'), 'utf8');
  const bodyStart = src.indexOf('\nI. ');
  const closing = src.indexOf('\nNơi nhận:');
  if (bodyStart < 0 || closing < 0) throw new Error('the Hồng Bàng plan no longer has the shape bigPlanText expects');
  const head = src.slice(0, bodyStart).replace(/Hồng Bàng/g, 'Lê Chân');
  const paragraphs = src.slice(bodyStart, closing).split('\n').filter((p) => p.length > 200);
  const out = [head, '\nI. NHIỆM VỤ CHUNG\n'];
  let size = Buffer.byteLength(out.join(''));
  for (let n = 1; size < bytes; n++) {
    const block = `\n${n}. Nhiệm vụ số ${n} (lần ${edition})\n\n${paragraphs[n % paragraphs.length]}\n`;
    out.push(block);
    size += Buffer.byteLength(block);
  }
  out.push(src.slice(closing).replace(/Hồng Bàng/g, 'Lê Chân'));
  return out.join('');
}

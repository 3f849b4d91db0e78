// The web chat in a real headless browser (Debian's chromium driven by playwright-core): type a
// question, see the answer and its citation, open the clause panel, walk to the next clause.
// A screenshot is left in test/artifacts/ (not committed) for a person to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { HttpServer } from '../src/chat/http.js';
import { registerWebChat } from '../src/chat/web/api.js';
import { makeIndexedHome, REPO, type IndexedHome } from './helpers/indexedHome.js';

const CHROMIUM = process.env.PLANBOT_CHROMIUM ?? '/usr/bin/chromium';
// CI installs the browser (.ci/run), so there a missing one fails the run; on a newcomer's machine
// without it the suite is skipped, and says why.
const HAVE_BROWSER = existsSync(CHROMIUM);
const BROWSER_REQUIRED = process.env.CI === 'true';
if (!HAVE_BROWSER && !BROWSER_REQUIRED) console.warn(`web chat browser test skipped: ${CHROMIUM} is missing (apt-get install chromium; .ci/run does)`);
const ARTIFACTS = path.join(REPO, 'test', 'artifacts');

let h: IndexedHome;
let http: HttpServer;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!HAVE_BROWSER && !BROWSER_REQUIRED) return;
  if (!HAVE_BROWSER) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  h = await makeIndexedHome('web-e2e');
  http = new HttpServer();
  registerWebChat({ app: h.app, http });
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await http?.close();
  await h?.dispose();
});

describe.skipIf(!HAVE_BROWSER && !BROWSER_REQUIRED)('the web chat in a browser', () => {
  it('asks, shows the cited answer, opens the clause and moves to the next one', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) external.push(r.url());
    });
    // The page works under its own Content-Security-Policy: the browser refuses nothing.
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    page.on('pageerror', (e) => refused.push(e.message));
    const first = await page.goto(base);
    expect(first?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.fill('#question', 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024');
    await page.click('#send');
    const answer = page.locator('.msg.bot').last();
    await expect.poll(() => answer.locator('.chip').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await answer.locator('.text').textContent()).toMatch(/dưới 1%/);

    const chip = answer.locator('.chip').first();
    expect(await chip.getAttribute('data-clause')).toBe('hong-bang-2023-2024#III.1.1');
    await chip.click();
    await page.waitForSelector('#panel:not([hidden])');
    expect(await page.textContent('#clause-id')).toBe('hong-bang-2023-2024#III.1.1');
    expect(await page.textContent('#crumb')).toMatch(/^Hồng Bàng 2023-2024 › /);
    expect(await page.textContent('#clause-text')).toMatch(/suy dinh dưỡng dưới 1%/);

    await page.click('#next');
    await expect.poll(() => page.textContent('#clause-id')).toBe('hong-bang-2023-2024#III.1.2');
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-chat.png'), fullPage: true });
    expect(external).toEqual([]);
    expect(refused).toEqual([]);
    await page.close();
  });

  it('marks a non-answer apart from an answer: the plans do not say', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(base);
    await page.fill('#question', 'ngân sách xây sân vận động năm 2023 là bao nhiêu tỷ đồng?');
    await page.click('#send');
    const answer = page.locator('.msg.bot').last();
    await expect.poll(() => answer.getAttribute('class'), { timeout: 15_000 }).toMatch(/outcome-not_found/);
    expect(await answer.locator('.badge').textContent()).toBe('Kế hoạch không nêu');
    expect(await answer.locator('.text').textContent()).toMatch(/^Kế hoạch không nêu/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-chat-not-found.png'), fullPage: true });
    await page.close();
  });

  it('shows the server’s error message in the chat, on a phone-sized screen', async () => {
    // A server that allows one question a minute: the second is refused with 429 and a message.
    const strict = new HttpServer();
    registerWebChat({ app: h.app, http: strict, questionsPerMinute: 1, burst: 1 });
    const url = `http://127.0.0.1:${await strict.listen(0, '127.0.0.1')}`;
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    try {
      await page.goto(url);
      await page.click('.example >> nth=1');
      await expect.poll(() => page.locator('.msg.bot .chip').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await page.fill('#question', 'tỷ lệ học sinh bỏ học THCS');
      await page.press('#question', 'Enter');
      const error = page.locator('.msg.error');
      await expect.poll(() => error.count(), { timeout: 15_000 }).toBe(1);
      expect(await error.textContent()).toMatch(/bạn hỏi nhanh quá; thử lại sau \d+ giây/);
      // maxlength keeps the page from sending more than the server takes.
      await page.fill('#question', 'x'.repeat(1200));
      expect((await page.inputValue('#question')).length).toBe(1000);
      await mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'web-chat-phone.png'), fullPage: true });
    } finally {
      await page.close();
      await strict.close();
    }
  });
});

// The web chat in a real headless browser (Debian's chromium driven by playwright-core): type a
// question, see the answer and its citation, open the clause panel with the quote highlighted
// and in view, walk to the next clause; a command answered as a command; 👍 stored; a question
// refused for asking too fast kept and sent later; the deadlines timeline; the plan list; a
// calendar event's link opening its clause. Screenshots are left in test/artifacts/ (not
// committed) for a person to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import ICAL from 'ical.js';
import { HttpServer } from '../src/chat/http.js';
import { registerWebChat } from '../src/chat/web/api.js';
import { ManualClock, shiftedClock } from '../src/channels/clock.js';
import { makeIndexedHome, REPO, type IndexedHome } from './helpers/indexedHome.js';
import { sqliteRows } from './helpers/sqliteRows.js';

const CHROMIUM = process.env.PLANBOT_CHROMIUM ?? '/usr/bin/chromium';
// CI installs the browser (.ci/run), so there a missing one fails the run; on a newcomer's machine
// without it the suite is skipped, and says why.
const HAVE_BROWSER = existsSync(CHROMIUM);
const BROWSER_REQUIRED = process.env.CI === 'true';
if (!HAVE_BROWSER && !BROWSER_REQUIRED) console.warn(`web chat browser test skipped: ${CHROMIUM} is missing (apt-get install chromium; .ci/run does)`);
const ARTIFACTS = path.join(REPO, 'test', 'artifacts');
const TODAY = '2023-11-01T03:00:00Z';
const PHONE = { width: 390, height: 740 };
const DESKTOP = { width: 1100, height: 800 };

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage });
}

/** The page, with every refusal of its Content-Security-Policy and every script error collected. */
async function open(viewport: { width: number; height: number }, url = base): Promise<{ page: Page; refused: string[] }> {
  const page = await browser.newPage({ viewport });
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
  });
  page.on('pageerror', (e) => refused.push(e.message));
  await page.goto(url);
  return { page, refused };
}

async function askInPage(page: Page, question: string): Promise<void> {
  await page.fill('#question', question);
  await page.press('#question', 'Enter');
}

/** True when the element's box lies inside the window. */
const inView = (page: Page, selector: string) =>
  page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
  });

let h: IndexedHome;
let http: HttpServer;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!HAVE_BROWSER && !BROWSER_REQUIRED) return;
  if (!HAVE_BROWSER) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  h = await makeIndexedHome('web-e2e');
  http = new HttpServer();
  // The server listens first so the calendar feed's links can name its address; routes may join later.
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  // Today is 1 November 2023 for the deadlines (time still passes, for the question limit).
  registerWebChat({ app: h.app, http, clock: shiftedClock(Date.parse(TODAY)), publicUrl: base, questionsPerMinute: 0 });
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


  it('keeps a question refused for asking too fast in the box, says when, and sends it then (phone)', async () => {
    // Two questions at once, then one every 3 s: the third waits. The limit's clock stands still
    // until the test moves it, so a slow machine cannot refill the bucket early.
    const limitClock = new ManualClock(Date.parse(TODAY));
    const strict = new HttpServer();
    registerWebChat({ app: h.app, http: strict, clock: limitClock, questionsPerMinute: 20, burst: 2 });
    const url = `http://127.0.0.1:${await strict.listen(0, '127.0.0.1')}`;
    const { page, refused } = await open(PHONE, url);
    try {
      for (const q of ['tỷ lệ trẻ suy dinh dưỡng', 'ai chịu trách nhiệm an ninh trường học']) {
        const before = await page.locator('.msg.bot:not(.pending)').count();
        await askInPage(page, q);
        await expect.poll(() => page.locator('.msg.bot:not(.pending)').count(), { timeout: 15_000 }).toBe(before + 1);
      }
      const third = 'tỷ lệ học sinh bỏ học THCS';
      await askInPage(page, third);
      await expect.poll(() => page.isVisible('#wait'), { timeout: 15_000 }).toBe(true);
      expect(await page.textContent('#wait')).toMatch(/Gửi lại sau [1-3] giây…/);
      expect(await page.inputValue('#question')).toBe(third);
      expect(await page.locator('.msg.error').count()).toBe(0);
      expect(await page.locator('.msg.user', { hasText: third }).count()).toBe(0);
      await shot(page, 'web-rate-limited-phone');
      // Sent by itself once allowed (were it early, it would wait again): the question appears, is answered, and the box is empty.
      limitClock.advance(3_000);
      await expect.poll(() => page.locator('.msg.user', { hasText: third }).count(), { timeout: 30_000 }).toBe(1);
      await expect.poll(() => page.locator('.msg.bot:not(.pending)').count(), { timeout: 15_000 }).toBe(4);
      expect(await page.inputValue('#question')).toBe('');
      expect(await page.isVisible('#wait')).toBe(false);
      expect(await page.locator('.msg.error').count()).toBe(0);
      // maxlength keeps the page from sending more than the server takes.
      await page.fill('#question', 'x'.repeat(1200));
      expect((await page.inputValue('#question')).length).toBe(1000);
      expect(refused).toEqual([]);
    } finally {
      await page.close();
      await strict.close();
    }
  });

  it('highlights the quoted sentence of a cited clause and scrolls it into view on a phone', async () => {
    const { page, refused } = await open(PHONE);
    await askInPage(page, 'Khi nào trường Mầm non Bạch Đằng đạt chuẩn quốc gia?');
    const chip = page.locator('.msg.bot .chip').first();
    await expect.poll(() => chip.count(), { timeout: 15_000 }).toBe(1);
    expect(await chip.getAttribute('data-clause')).toBe('hong-bang-2023-2024#III.1.2');
    await chip.click();
    await page.waitForSelector('#panel:not([hidden]) mark.quote');
    expect(await page.textContent('mark.quote')).toBe('Xây dựng trường Mầm non Bạch Đằng đạt chuẩn Quốc gia vào cuối năm 2023');
    // The sentence sits below the fold of the panel, and was scrolled to.
    const { below, scrolled } = await page.$eval('mark.quote', (m) => {
      const panel = document.getElementById('panel')!;
      return { below: (m as HTMLElement).offsetTop > panel.clientHeight, scrolled: panel.scrollTop };
    });
    expect(below).toBe(true);
    expect(scrolled).toBeGreaterThan(0);
    await expect.poll(() => inView(page, 'mark.quote')).toBe(true);
    await shot(page, 'web-quote-phone');
    expect(refused).toEqual([]);
    await page.close();
  });

  it('answers a command typed in the page as a command, with buttons that open clauses', async () => {
    const { page, refused } = await open(DESKTOP);
    await askInPage(page, '/hanchot 90');
    const reply = page.locator('.msg.command');
    await expect.poll(() => reply.count(), { timeout: 15_000 }).toBe(1);
    expect(await reply.locator('.text.title').first().textContent()).toMatch(/^Hạn chót trong 90 ngày tới \(01\/11\/2023–30\/01\/2024\)/);
    expect(await reply.locator('.badge').count()).toBe(0);
    expect(await reply.textContent()).not.toMatch(/do not say|Kế hoạch không nêu/);
    const button = reply.locator('.chip[data-clause]').first();
    const id = await button.getAttribute('data-clause');
    await button.click();
    await expect.poll(() => page.textContent('#clause-id')).toBe(id);
    // The button stands for a citation: its task's sentence is marked.
    await page.waitForSelector('mark.quote');
    await askInPage(page, '/help');
    await expect.poll(() => page.locator('.msg.command').count(), { timeout: 15_000 }).toBe(2);
    expect(await page.locator('.msg.command').last().textContent()).toMatch(/ô bên dưới/);
    await shot(page, 'web-command');
    expect(refused).toEqual([]);
    await page.close();
  });

  it('stores a 👍 under an answer as the chat core stores Telegram’s', async () => {
    const { page } = await open(DESKTOP);
    const question = 'ai chịu trách nhiệm an ninh trường học ở Hồng Bàng';
    await askInPage(page, question);
    const up = page.locator('.msg.bot .vote-up').last();
    await expect.poll(() => up.count(), { timeout: 15_000 }).toBe(1);
    await up.click();
    await expect.poll(() => up.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.vote-note').last().textContent()).toMatch(/Đã ghi nhận 👍/);
    const client = await page.evaluate(() => localStorage.getItem('planbot-client'));
    const rows = await sqliteRows<{ vote: string; platform: string; user_id: string; question: string }>(
      h.cfg.dbPath,
      'SELECT f.vote, f.platform, f.user_id, q.question FROM feedback f JOIN question_log q ON q.id = f.question_id WHERE f.platform = ? AND f.user_id = ?',
      ['web', client],
    );
    expect(rows).toEqual([{ vote: 'up', platform: 'web', user_id: client, question }]);
    await page.close();
  });

  for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`draws the deadlines timeline, filters it and opens a mark's clause (${name})`, async () => {
      const { page, refused } = await open(viewport);
      await page.click('#tabs [data-view="deadlines"]');
      const marks = page.locator('#timeline svg .mark');
      await expect.poll(() => marks.count(), { timeout: 15_000 }).toBeGreaterThan(3);
      // Today is drawn; 10/09/2023 is before it, so ringed as overdue.
      expect(await page.locator('#timeline .today-line').count()).toBe(1);
      expect(await page.locator('#timeline .mark.overdue').count()).toBeGreaterThan(0);
      expect(await page.getAttribute('#timeline .mark.overdue', 'data-clause')).toBe('tp-hcm-2023-2024#III.4');
      // Marks are coloured by plan: as many colours as plans among them.
      const fills = await page.$$eval('#timeline .mark circle[fill]', (cs) => cs.map((c) => c.getAttribute('fill')));
      const plans = await page.$$eval('#timeline .mark', (gs) => gs.map((g) => g.getAttribute('data-clause')!.split('#')[0]));
      expect(new Set(fills).size).toBe(new Set(plans).size);
      await shot(page, `web-timeline-${name}`, true);

      const mark = page.locator('#timeline .mark[data-clause="hong-bang-2023-2024#III.2.2"]');
      await mark.scrollIntoViewIfNeeded();
      await mark.click();
      await expect.poll(() => page.textContent('#clause-id')).toBe('hong-bang-2023-2024#III.2.2');
      expect(await page.textContent('mark.quote')).toMatch(/Nguyễn Trãi/);
      await expect.poll(() => inView(page, 'mark.quote')).toBe(true);
      await shot(page, `web-timeline-clause-${name}`);
      await page.click('#close');

      // One plan: only its marks, and the subscribe link carries the filter.
      await page.selectOption('#dl-doc', 'tp-hcm-2023-2024');
      await expect.poll(async () => new Set(await page.$$eval('#timeline .mark', (gs) => gs.map((g) => g.getAttribute('data-clause')!.split('#')[0]))).size).toBe(1);
      expect(await page.getAttribute('#timeline .mark', 'data-clause')).toMatch(/^tp-hcm-2023-2024#/);
      expect(await page.getAttribute('#ics-webcal', 'href')).toBe(`webcal://${new URL(base).host}/api/deadlines.ics?doc=tp-hcm-2023-2024`);
      const agency = 'Cơ sở giáo dục trên địa bàn Thành phố';
      await page.selectOption('#dl-agency', agency);
      const href = `/api/deadlines.ics?doc=tp-hcm-2023-2024&agency=${encodeURIComponent(agency).replace(/%20/g, '+')}`;
      await expect.poll(() => page.getAttribute('#ics-link', 'href')).toBe(href);
      const ics = await (await fetch(`${base}${href}`)).text();
      const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
      expect(events.length).toBeGreaterThan(0);
      await expect.poll(() => marks.count()).toBeGreaterThan(0);
      expect(refused).toEqual([]);
      await page.close();
    });
  }

  it('opens the clause a calendar event links to (#clause=)', async () => {
    const ics = await (await fetch(`${base}/api/deadlines.ics?doc=hong-bang-2023-2024`)).text();
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
    const link = event.component.getFirstPropertyValue('url') as string;
    expect(link.startsWith(`${base}/#clause=`)).toBe(true);
    const { page, refused } = await open(PHONE, link);
    await page.waitForSelector('#panel:not([hidden])');
    expect(await page.textContent('#clause-id')).toBe(decodeURIComponent(link.split('#clause=')[1]));
    await shot(page, 'web-clause-link-phone');
    expect(refused).toEqual([]);
    await page.close();
  });

  it('lists the plans and asks within one of them', async () => {
    const { page, refused } = await open(DESKTOP);
    await page.click('#tabs [data-view="plans"]');
    await expect.poll(() => page.locator('.plan').count(), { timeout: 15_000 }).toBe((await h.app.store.listDocuments()).length);
    const tp = page.locator('.plan[data-doc="tp-hcm-2023-2024"]');
    const stored = (await h.app.store.getDocument('tp-hcm-2023-2024'))!;
    for (const fact of [stored.title, stored.issuer!, stored.schoolYear!, String(stored.clauseCount)]) expect(await tp.textContent()).toContain(fact);
    await shot(page, 'web-plans', true);
    await tp.locator('.ask-doc').click();
    expect(await page.isVisible('#chat')).toBe(true);
    expect(await page.inputValue('#scope-doc')).toBe('tp-hcm-2023-2024');
    await askInPage(page, 'xây dựng trường đạt chuẩn quốc gia');
    const chips = page.locator('.msg.bot').last().locator('.chip');
    await expect.poll(() => chips.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    for (const c of await chips.all()) expect(await c.getAttribute('data-clause')).toMatch(/^tp-hcm-2023-2024#/);
    expect(refused).toEqual([]);
    await page.close();
  });
});

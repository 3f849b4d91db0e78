// Crash safety of the reminder sender with real child processes killed by SIGKILL while sending
// 1 000 reminders to the fake Telegram Bot API in this process, then restarted on the same SQLite
// file. The fake server decides where the kill lands, so both sides of the one window that
// cannot be closed are shown: a kill before Telegram took the message (it goes exactly once), and
// a kill after Telegram took it but before the sender recorded it (it goes again, marked as a
// resend: at-least-once).
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../src/store/repository.js';
import { OutboxStore } from '../src/store/outbox.js';
import type { ReminderContent } from '../src/notify/content.js';
import { startFakeTelegram, type FakeTelegram } from './helpers/fakeTelegram.js';
import { makeIndexedHome } from './helpers/indexedHome.js';
import { ChatStore } from '../src/store/chats.js';
import { agencyKey } from '../src/facts/index.js';
import { planReminders } from '../src/notify/planner.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REMINDERS = 1000;
const RESEND_NOTE = 'Gửi lại sau một lần gián đoạn';

let tmp = '';
let lib = '';
let tg: FakeTelegram;
let dbPath = '';
let caseNo = 0;

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

// Children run outside vitest: src/ transpiled to plain JS (no type check), its data files
// copied, node_modules and prompts/ linked, so the real modules run as they do in production.
async function buildChildLib(): Promise<void> {
  lib = path.join(tmp, 'lib');
  for (const file of await walk(path.join(ROOT, 'src'))) {
    const rel = path.relative(ROOT, file);
    const dest = path.join(lib, rel);
    await fs.mkdir(path.dirname(dest), { recursive: true });
    if (file.endsWith('.ts')) {
      const js = ts.transpileModule(await fs.readFile(file, 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
      await fs.writeFile(dest.replace(/\.ts$/, '.js'), js);
    } else await fs.copyFile(file, dest);
  }
  await fs.symlink(path.join(ROOT, 'node_modules'), path.join(lib, 'node_modules'), 'junction');
  await fs.symlink(path.join(ROOT, 'prompts'), path.join(lib, 'prompts'), 'junction');
  await fs.writeFile(path.join(lib, 'package.json'), '{"type":"module"}\n');
  await fs.writeFile(path.join(lib, 'sender-child.js'), SENDER_CHILD);
  await fs.writeFile(path.join(lib, 'planner-child.js'), PLANNER_CHILD);
}

const PLANNER_CHILD = `
import { Store } from './src/store/repository.js';
import { OutboxStore } from './src/store/outbox.js';
import { planReminders } from './src/notify/planner.js';
const [dbPath, now] = process.argv.slice(2);
const store = await Store.open(dbPath, { create: false });
process.stdout.write('planning\\n');
const report = await planReminders(store, new OutboxStore(store.db), Number(now), { offsets: [30, 7, 1, 0], hour: 8 });
process.stdout.write(JSON.stringify({ created: report.created }) + '\\n');
await store.close();
`;

const SENDER_CHILD = `
import { Store } from './src/store/repository.js';
import { Sender } from './src/notify/sender.js';
import { TelegramReminderChannel } from './src/notify/telegram.js';
import { systemClock } from './src/channels/clock.js';
const [dbPath, apiRoot, token, concurrency] = process.argv.slice(2);
const store = await Store.open(dbPath, { create: false });
// fast limits: this child is about crashes, the rate limits have their own tests
const channel = new TelegramReminderChannel({ token, apiRoot, store, limits: { perSecond: 500, burst: 10 } });
const sender = new Sender({ store, channels: [channel], clock: systemClock, concurrency: Number(concurrency) });
const report = await sender.drain();
process.stdout.write(JSON.stringify(report) + '\\n');
await store.close();
`;

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let child: ReturnType<typeof spawn> | null = null;

function runSender(concurrency: number): Promise<ChildRun> {
  const c = spawn(process.execPath, [path.join(lib, 'sender-child.js'), dbPath, tg.apiRoot, tg.token, String(concurrency)], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = c;
  let stdout = '';
  let stderr = '';
  c.stdout!.on('data', (d) => (stdout += d));
  c.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => c.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** Per chat, the texts Telegram accepted. `killAt(n)` decides, for the n-th message, whether to kill the sender before or after taking it. */
function fakeTelegramThatKills(killAt: (n: number) => 'before' | 'after' | null): Map<string, string[]> {
  const delivered = new Map<string, string[]>();
  let n = 0;
  tg.setHandler('sendMessage', (params) => {
    const kill = killAt(++n);
    if (kill === 'before') {
      child!.kill('SIGKILL');
      return new Promise(() => undefined); // never processed, never answered
    }
    const id = String(params.chat_id);
    delivered.set(id, [...(delivered.get(id) ?? []), String(params.text)]);
    if (kill === 'after') {
      child!.kill('SIGKILL');
      return new Promise(() => undefined); // taken, but the answer never reaches the sender
    }
    return { message_id: n, date: Math.floor(Date.now() / 1000), chat: { id: params.chat_id }, text: params.text };
  });
  return delivered;
}

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'planbot-notify-crash-'));
  await buildChildLib();
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  tg = await startFakeTelegram();
  dbPath = path.join(tmp, `case-${++caseNo}`, 'planbot.db');
  const store = await Store.open(dbPath, { create: true });
  const outbox = new OutboxStore(store.db);
  const at = new Date().toISOString();
  for (let i = 0; i < REMINDERS; i++) await store.chats.touchChat({ platform: 'telegram', chatId: String(1000 + i), chatType: 'private', userId: String(i), userName: null });
  await outbox.tx(async () => {
    for (let i = 0; i < REMINDERS; i++) {
      const content: ReminderContent = {
        type: 'reminder', offsetDays: 7,
        item: { deadlineId: `d${i}`, docId: 'hong-bang-2023-2024', clauseId: `hong-bang-2023-2024#III.${i}`, task: `Việc số ${i}`, dueLast: '2023-12-31', dueText: null, responsible: 'Phòng GD&ĐT', citation: { doc: 'Hồng Bàng 2023-2024', section: `§III.${i}`, heading: '', quote: `Việc số ${i}.` } },
        unsubscribe: { subscriptionId: 1, command: '/unsubscribe all' },
      };
      await outbox.insert({ key: `telegram:${1000 + i}|reminder|d${i}|2023-12-31|-7d`, platform: 'telegram', chatId: String(1000 + i), kind: 'reminder', deadlineId: `d${i}`, docId: 'hong-bang-2023-2024', offsetDays: 7, dueLast: '2023-12-31', sendAt: at, payload: JSON.stringify(content) }, at);
    }
  });
  await store.close();
});
afterEach(async () => {
  child?.kill('SIGKILL');
  await tg.close();
});

async function outboxState() {
  const store = await Store.open(dbPath, { create: false });
  try {
    const outbox = new OutboxStore(store.db);
    return { counts: await outbox.counts(), inFlight: await outbox.list({ status: 'in_flight' }), attempts: await outbox.attempts() };
  } finally {
    await store.close();
  }
}

describe('kill -9 in the middle of sending 1 000 reminders, then restart', () => {
  it('killed (twice) before Telegram took a message: after restarts every reminder arrived exactly once', async () => {
    const kills = [250, 600];
    const delivered = fakeTelegramThatKills((n) => (kills.includes(n) ? 'before' : null));
    const first = await runSender(1);
    expect(first.signal, first.stderr).toBe('SIGKILL');
    const mid = await outboxState();
    expect(mid.counts.sent).toBe(249);
    expect(mid.inFlight).toHaveLength(1); // claimed, its send cut off
    const second = await runSender(1);
    expect(second.signal, second.stderr).toBe('SIGKILL');
    const third = await runSender(1);
    expect(third.code, third.stderr).toBe(0);
    expect(JSON.parse(third.stdout)).toMatchObject({ leased: true, reconciled: 1 });

    expect(delivered.size).toBe(REMINDERS);
    expect([...delivered.values()].every((texts) => texts.length === 1)).toBe(true);
    const end = await outboxState();
    expect(end.counts).toEqual({ sent: REMINDERS });
    expect(end.attempts.filter((a) => a.event === 'reconciled')).toHaveLength(2);
    expect(end.attempts.filter((a) => a.event === 'sent')).toHaveLength(REMINDERS);
  });

  it('killed after Telegram took a message but before the sender recorded it: that one (and only rows in flight) arrives again, marked as a resend', async () => {
    const delivered = fakeTelegramThatKills((n) => (n === 400 ? 'after' : null));
    const first = await runSender(4);
    expect(first.signal, first.stderr).toBe('SIGKILL');
    const mid = await outboxState();
    const inFlight = new Set(mid.inFlight.map((r) => r.chatId));
    expect(inFlight.size).toBeGreaterThanOrEqual(1);
    expect(inFlight.size).toBeLessThanOrEqual(4); // at most `concurrency` rows are ever in flight
    const second = await runSender(4);
    expect(second.code, second.stderr).toBe(0);

    expect(delivered.size).toBe(REMINDERS); // none lost
    const twice = [...delivered].filter(([, texts]) => texts.length > 1);
    expect(twice.length).toBeGreaterThanOrEqual(1); // the 400th message, which Telegram took
    for (const [chatId, texts] of twice) {
      expect(inFlight.has(chatId)).toBe(true); // a duplicate only ever comes from a row in flight at the crash
      expect(texts).toHaveLength(2);
      expect(texts[0]).not.toContain(RESEND_NOTE);
      expect(texts[1]).toContain(RESEND_NOTE);
    }
    expect([...delivered.values()].every((texts) => texts.length <= 2)).toBe(true);
    expect((await outboxState()).counts).toEqual({ sent: REMINDERS });
  });
});

describe('two sender processes on one database', () => {
  it('only the lease holder sends: every one of 1 000 reminders arrives exactly once', async () => {
    const delivered = fakeTelegramThatKills(() => null);
    const [a, b] = await Promise.all([runSender(4), runSender(4)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const reports = [JSON.parse(a.stdout), JSON.parse(b.stdout)];
    expect(reports[0].sent + reports[1].sent).toBe(REMINDERS);
    expect(reports.filter((r) => r.leased && r.sent > 0).length).toBeGreaterThanOrEqual(1);
    expect(delivered.size).toBe(REMINDERS);
    expect([...delivered.values()].every((texts) => texts.length === 1)).toBe(true);
    expect((await outboxState()).counts).toEqual({ sent: REMINDERS });
  });
});

describe('kill -9 in the middle of planning, then plan again', () => {
  it('the outbox holds all of a plan or none of it, and planning again completes it with nothing twice', async () => {
    const home = await makeIndexedHome('notify-crash-plan');
    try {
      const store = await Store.open(home.cfg.dbPath, { create: false });
      const chats = new ChatStore(store.db, () => new Date('2023-09-01T00:00:00Z'));
      const targets = [
        { kind: 'all' as const, target: '', label: 'tất cả' },
        { kind: 'doc' as const, target: 'hong-bang-2023-2024', label: 'Hồng Bàng' },
        { kind: 'agency' as const, target: agencyKey('Sở GD&ĐT'), label: 'Sở GD&ĐT' },
      ];
      for (let i = 0; i < 600; i++) {
        await chats.touchChat({ platform: 'telegram', chatId: String(5000 + i), chatType: 'private', userId: String(i), userName: null });
        await chats.subscribe('telegram', String(5000 + i), targets[i % 3]);
      }
      await store.close();
      const now = Date.parse('2023-09-05T02:00:00Z');
      const rowsNow = async () => {
        const s = await Store.open(home.cfg.dbPath, { create: false });
        try {
          return (await s.db.get<{ n: number }>('SELECT count(*) AS n FROM outbox'))!.n;
        } finally {
          await s.close();
        }
      };
      const plan = (killAfterMs: number | null) =>
        new Promise<{ signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
          const c = spawn(process.execPath, [path.join(lib, 'planner-child.js'), home.cfg.dbPath, String(now)], { stdio: ['ignore', 'pipe', 'pipe'] });
          let stderr = '';
          c.stderr.on('data', (d) => (stderr += d));
          c.stdout.once('data', () => killAfterMs !== null && setTimeout(() => c.kill('SIGKILL'), killAfterMs));
          c.on('close', (_code, signal) => resolve({ signal, stderr }));
        });
      const killed = await plan(400); // planning 24 600 rows takes longer than that: the kill lands while it writes
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      const afterKill = await rowsNow();
      const done = await plan(null);
      expect(done.signal, done.stderr).toBeNull();
      const full = await rowsNow();
      expect(full).toBeGreaterThan(600 * 4);
      expect([0, full]).toContain(afterKill); // all or nothing: planning is one transaction
      const s = await Store.open(home.cfg.dbPath, { create: false });
      try {
        const again = await planReminders(s, new OutboxStore(s.db), now, { offsets: [30, 7, 1, 0], hour: 8 });
        expect(again).toMatchObject({ created: 0, moved: 0, updated: 0, cancelled: 0 });
      } finally {
        await s.close();
      }
    } finally {
      await home.dispose();
    }
  });
});

// `planbot notify` as a person runs it: `node bin/planbot.js notify …` in a child process over an
// indexed temp home, sending to the fake Telegram Bot API in this process. Needs the build.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatStore } from '../src/store/chats.js';
import { Store } from '../src/store/repository.js';
import { OutboxStore } from '../src/store/outbox.js';
import { startFakeTelegram, type FakeTelegram } from './helpers/fakeTelegram.js';
import { makeIndexedHome, REPO, type IndexedHome } from './helpers/indexedHome.js';

const BIN = path.join(REPO, 'bin', 'planbot.js');

function planbot(home: string, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PLANBOT_') && !k.startsWith('TELEGRAM_')) env[k] = v;
  // async: the fake Telegram server answers from this process while the child runs
  const c = spawn(process.execPath, [BIN, ...args], { cwd: home, env: { ...env, PLANBOT_HOME: home, PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn', ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  c.stdout.on('data', (d) => (stdout += d));
  c.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => c.on('close', (code) => resolve({ code, stdout, stderr })));
}

let home: IndexedHome;
let tg: FakeTelegram;
const rows = async () => {
  const s = await Store.open(home.cfg.dbPath, { create: false });
  try {
    return await new OutboxStore(s.db).list();
  } finally {
    await s.close();
  }
};

beforeAll(async () => {
  if (!existsSync(path.join(REPO, 'dist', 'src', 'commands', 'notify.js'))) throw new Error('dist/src/commands/notify.js is missing: run `npx tsc -p tsconfig.json` first');
  home = await makeIndexedHome('notify-cli');
  tg = await startFakeTelegram();
  const chats = new ChatStore(home.app.store.db, () => new Date('2023-09-01T02:00:00Z'));
  await chats.touchChat({ platform: 'telegram', chatId: '77', chatType: 'private', userId: '77', userName: 'Cán bộ' });
  await chats.subscribe('telegram', '77', { kind: 'doc', target: 'hong-bang-2023-2024', label: 'Hồng Bàng 2023-2024' });
});
afterAll(async () => {
  await tg?.close();
  await home?.dispose();
});

describe('planbot notify', () => {
  const telegram = () => ({ TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot });

  it('--dry-run shows what would be planned and writes nothing', async () => {
    const r = await planbot(home.home, ['notify', '--now', '2023-12-24', '--dry-run'], telegram());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^would plan at 2023-12-24T01:00:00\.\d{3}Z: \d+ new/);
    expect(r.stdout).toContain('create reminder telegram:77 at 2023-12-24T01:00:00.000Z');
    expect(r.stdout).toMatch(/nothing sent \(dry run\)/);
    expect(await rows()).toEqual([]);
    expect(tg.sent()).toHaveLength(0);
  });

  it('plans and sends what is due as of --now; a second run sends nothing again', async () => {
    const r = await planbot(home.home, ['notify', '--now', '2023-12-24T08:00:00+07:00', '--json'], telegram());
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.plan.created).toBeGreaterThan(0);
    const sentRows = (await rows()).filter((x) => x.status === 'sent');
    expect(out.send.sent).toBe(sentRows.length);
    expect(sentRows.length).toBeGreaterThan(0);
    expect(sentRows.every((x) => Date.parse(x.sendAt) <= Date.parse('2023-12-24T01:00:00Z'))).toBe(true);
    expect(tg.sent('77')).toHaveLength(sentRows.length);
    // the 7-day reminders of what is due at the end of 2023
    expect(tg.sent('77').some((c) => String(c.params.text).includes('Bạch Đằng') && String(c.params.text).includes('31/12/2023'))).toBe(true);

    const again = await planbot(home.home, ['notify', '--now', '2023-12-24T08:05:00+07:00'], telegram());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/planned at .*: 0 new, 0 moved, 0 updated, 0 revived, 0 cancelled/);
    expect(again.stdout).toContain('sent 0');
    expect(tg.sent('77')).toHaveLength(sentRows.length);
  });

  it('without a bot token it plans and says why nothing was sent', async () => {
    const r = await planbot(home.home, ['notify', '--now', '2023-12-30']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('nothing sent: no channel is configured (set TELEGRAM_BOT_TOKEN)');
  });

  it('a bad --now or setting is one line and exit 1', async () => {
    const r = await planbot(home.home, ['notify', '--now', '24/12/2023']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--now: expected an ISO time/);
    const s = await planbot(home.home, ['notify', '--dry-run'], { PLANBOT_REMINDER_OFFSETS: '30,seven' });
    expect(s.code).toBe(1);
    expect(s.stderr).toMatch(/PLANBOT_REMINDER_OFFSETS/);
  });
});

// `npm start` as an operator runs it: `node bin/planbot.js start` in a child process with a bot
// token and the API root of a fake Bot API. It indexes, answers over Telegram, and on SIGTERM
// stops and exits 0. Needs the build (`npm test` compiles first).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './helpers/indexedHome.js';
import { startFakeTelegram, messageUpdate, type FakeTelegram } from './helpers/fakeTelegram.js';

let home: string;
let fake: FakeTelegram;

beforeAll(async () => {
  if (!existsSync(path.join(REPO, 'dist', 'src', 'cli.js'))) throw new Error('dist/src/cli.js is missing: run `npx tsc -p tsconfig.json` first');
  home = await mkdtemp(path.join(os.tmpdir(), 'planbot-tgproc-'));
  await cp(path.join(REPO, 'corpus'), path.join(home, 'corpus'), { recursive: true });
  fake = await startFakeTelegram();
});
afterAll(async () => {
  await fake?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('planbot start with TELEGRAM_BOT_TOKEN', () => {
  it('indexes, runs the bot, answers, and stops cleanly on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PLANBOT_') && !k.startsWith('TELEGRAM_') && k !== 'PORT') env[k] = v;
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'planbot.js'), 'start'], {
      cwd: home,
      env: { ...env, PLANBOT_HOME: home, PORT: '0', PLANBOT_LOG_LEVEL: 'info', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await fake.waitFor('getUpdates', () => true, 30_000);
      fake.pushUpdate(messageUpdate({ chatId: 501, text: 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024' }));
      const answer = await fake.waitFor('sendMessage', (c) => String(c.params.chat_id) === '501' && c.status === 200, 30_000);
      expect(answer.params.text).toMatch(/dưới 1/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toMatch(/indexed 5 documents/);
      expect(stderr).toMatch(/Telegram bot started \(long polling\)/);
      expect(stderr).toMatch(/"signal":"SIGTERM"/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('planbot start killed while answering', () => {
  it('answers after a restart a question it had taken but not answered, exactly once', async () => {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(PLANBOT_|TELEGRAM_|ZALO_)/.test(k) && k !== 'PORT') env[k] = v;
    const start = () =>
      spawn(process.execPath, [path.join(REPO, 'bin', 'planbot.js'), 'start'], {
        cwd: home,
        env: { ...env, PLANBOT_HOME: home, PORT: '0', PLANBOT_WEB: 'off', PLANBOT_LOG_LEVEL: 'warn', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    const chat = 777;
    const answers = () => fake.sent(chat).filter((c) => /dưới 1/.test(String(c.params.text)));
    // The first run takes the question, then hangs on the typing action: killed there, it has
    // confirmed the update to Telegram (the next getUpdates offset) but answered nothing.
    fake.setHandler('sendChatAction', (params) => (String(params.chat_id) === String(chat) ? new Promise(() => undefined) : true));
    const first = start();
    const firstExit = new Promise((resolve) => first.on('exit', resolve));
    try {
      const polls = fake.calls.filter((c) => c.method === 'getUpdates').length;
      await fake.waitFor('getUpdates', () => fake.calls.filter((c) => c.method === 'getUpdates').length > polls, 30_000);
      const id = fake.pushUpdate(messageUpdate({ chatId: chat, text: 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024' }));
      // The next poll confirms the update: by then it is in the inbox, and the answer hangs.
      await fake.waitFor('getUpdates', (c) => Number(c.params.offset) > id, 30_000);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      first.kill('SIGKILL');
      await firstExit;
    }
    expect(answers()).toHaveLength(0);

    fake.setHandler('sendChatAction', null);
    const second = start();
    const secondExit = new Promise<number | null>((resolve) => second.on('exit', (code) => resolve(code)));
    try {
      await fake.waitFor('sendMessage', (c) => String(c.params.chat_id) === String(chat) && c.status === 200, 30_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(answers()).toHaveLength(1);
      second.kill('SIGTERM');
      expect(await secondExit).toBe(0);
    } finally {
      if (second.exitCode === null) second.kill('SIGKILL');
    }
  });
});

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
      env: { ...env, PLANBOT_HOME: home, PLANBOT_LOG_LEVEL: 'info', TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot },
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

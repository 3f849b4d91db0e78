// `planbot start` as a real process with no bot token: the web chat is the main job. It prints
// its address, keeps serving when stdin is closed (as under a service manager), and stops
// cleanly on SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './helpers/indexedHome.js';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'planbot-serve-'));
  await cp(path.join(REPO, 'corpus'), path.join(home, 'corpus'), { recursive: true });
});
afterAll(async () => {
  if (home) await rm(home, { recursive: true, force: true });
});

describe('planbot start without a bot token', () => {
  it('serves the web chat at the address it prints, with stdin closed, until SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(PLANBOT_|TELEGRAM_|ZALO_)/.test(k) && k !== 'PORT') env[k] = v;
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'planbot.js'), 'start'], { cwd: home, env: { ...env, PLANBOT_HOME: home, PORT: '0', PLANBOT_LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end(); // no terminal: the terminal chat does not run, the server does
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const end = Date.now() + 60_000;
      let url: string | undefined;
      while (!url) {
        url = /web chat at (http:\/\/localhost:\d+\/)/.exec(stdout)?.[1];
        if (child.exitCode !== null) throw new Error(`exited early: ${stderr}`);
        if (Date.now() > end) throw new Error(`no address printed: ${stdout} ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(stdout).toMatch(/indexed 5 documents/);
      const base = url.replace('localhost', '127.0.0.1');
      expect(await (await fetch(base)).text()).toMatch(/planbot/);
      const a = await (await fetch(`${base}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'ai chịu trách nhiệm an ninh trường học ở Hồng Bàng' }) })).json();
      expect(a.citations.map((c: { clauseId: string }) => c.clauseId)).toContain('hong-bang-2023-2024#IV.9');
      // Still serving a moment later: a closed stdin did not end it.
      await new Promise((r) => setTimeout(r, 300));
      expect(child.exitCode).toBeNull();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

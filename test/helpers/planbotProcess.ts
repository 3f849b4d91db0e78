// `planbot start` as a real child process (node bin/planbot.js start, from the build), with its
// pino log lines read from stderr as JSON, so a test can wait for what it logs (the port it
// listens on) and kill it with SIGKILL or stop it with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO } from './indexedHome.js';

export interface PlanbotProcess {
  child: ChildProcess;
  /** Log records so far. */
  logs: Record<string, unknown>[];
  stderr(): string;
  /** The HTTP port it listens on, once it says so. */
  port: Promise<number>;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until a log record matches. */
  waitForLog(match: (l: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
}

/** The environment without any planbot, Telegram or Zalo setting of the machine running the tests. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PLANBOT_|TELEGRAM_|ZALO_)/.test(k) && k !== 'PORT') env[k] = v;
  return env;
}

export function startPlanbot(home: string, env: Record<string, string>): PlanbotProcess {
  const child = spawn(process.execPath, [path.join(REPO, 'bin', 'planbot.js'), 'start'], {
    cwd: home,
    env: { ...cleanEnv(), PLANBOT_HOME: home, PORT: '0', PLANBOT_WEB: 'off', PLANBOT_LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin!.end();
  const logs: Record<string, unknown>[] = [];
  let err = '';
  let partial = '';
  const waiters = new Set<{ match: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }>();
  child.stderr!.on('data', (d: Buffer) => {
    err += d;
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(line);
      } catch {
        continue;
      }
      logs.push(rec);
      for (const w of waiters) if (w.match(rec)) (waiters.delete(w), w.resolve(rec));
    }
  });
  child.stdout!.on('data', () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const waitForLog = (match: (l: Record<string, unknown>) => boolean, ms = 90_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = logs.find(match);
      if (seen) return resolve(seen);
      const w = { match, resolve };
      waiters.add(w);
      const timer = setTimeout(() => (waiters.delete(w), reject(new Error(`planbot did not log what was awaited within ${ms} ms:\n${err.slice(-3000)}`))), ms);
      void exited.then(() => setTimeout(() => (waiters.delete(w), clearTimeout(timer), reject(new Error(`planbot exited:\n${err.slice(-3000)}`))), 50));
    });
  const port = waitForLog((l) => l.msg === 'HTTP server listening').then((l) => Number(l.port));
  port.catch(() => undefined);
  return { child, logs, stderr: () => err, port, exited, waitForLog };
}

/** Polls until fn returns something truthy; generous by default, as the machine is shared. */
export async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, ms = 60_000, what = 'a condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

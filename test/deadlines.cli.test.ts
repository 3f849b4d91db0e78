// `planbot deadlines` as a person runs it: `node bin/planbot.js …` in a child process over a
// temp PLANBOT_HOME holding a copy of the corpus. Needs the build (`npx tsc -p tsconfig.json`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(REPO, 'bin', 'planbot.js');

function planbot(home: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PLANBOT_')) env[k] = v;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: home,
    env: { ...env, PLANBOT_HOME: home, PLANBOT_SEMANTIC: 'off', PLANBOT_LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonDeadline {
  id: string;
  docId: string;
  clauseId: string;
  task: string;
  responsible: string | null;
  due: string | null;
  precision: string | null;
  kind: string;
  quote: string;
}

const tmp: string[] = [];
let home: string;

beforeAll(async () => {
  if (!existsSync(path.join(REPO, 'dist', 'src', 'commands', 'deadlines.js'))) throw new Error('dist/src/commands/deadlines.js is missing: run `npx tsc -p tsconfig.json` first');
  home = await mkdtemp(path.join(os.tmpdir(), 'planbot-deadlines-'));
  tmp.push(home);
  await cp(path.join(REPO, 'corpus'), path.join(home, 'corpus'), { recursive: true });
  const r = planbot(home, ['index']);
  expect(r.code, r.stderr).toBe(0);
});

afterAll(async () => {
  await Promise.all(tmp.map((d) => rm(d, { recursive: true, force: true })));
});

describe('planbot deadlines', () => {
  it('prints the deadlines as a JSON array with --json', () => {
    const r = planbot(home, ['deadlines', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as JsonDeadline[];
    // 33 distinct (clause, due, kind) keys of the gold list; two clauses hold two tasks with the same key.
    expect(list.length).toBe(35);
    expect(new Set(list.map((d) => `${d.clauseId}|${d.due}|${d.kind}`)).size).toBe(33);
    for (const d of list) expect(Object.keys(d).sort()).toEqual(['clauseId', 'docId', 'due', 'id', 'kind', 'precision', 'quote', 'responsible', 'task']);
    expect(list.find((d) => /Bạch Đằng/.test(d.task))).toMatchObject({
      id: 'hong-bang-2023-2024#III.1.2@4',
      clauseId: 'hong-bang-2023-2024#III.1.2',
      due: '2023-12',
      precision: 'month',
      kind: 'deadline',
      responsible: null,
    });
    expect(list.some((d) => d.kind === 'programme_period')).toBe(false);
    const days = list.filter((d) => d.precision === 'day' && d.kind === 'deadline').map((d) => d.due);
    expect(days).toEqual(['2023-09-10', '2024-01-15', '2024-06-15']);
  });

  it('filters by due window, agency, plan and kind', () => {
    const jan = JSON.parse(planbot(home, ['deadlines', '--json', '--from', '2024-01-01', '--to', '2024-01-31']).stdout) as JsonDeadline[];
    expect(jan.map((d) => d.due)).toEqual(['2024-01-15']);
    const schools = JSON.parse(planbot(home, ['deadlines', '--json', '--agency', 'Cơ sở giáo dục']).stdout) as JsonDeadline[];
    expect(schools).toHaveLength(3);
    expect(schools.every((d) => d.responsible === 'Cơ sở giáo dục trên địa bàn Thành phố')).toBe(true);
    const hb = JSON.parse(planbot(home, ['deadlines', '--json', '--doc', 'hong-bang-2023-2024']).stdout) as JsonDeadline[];
    expect(hb).toHaveLength(8);
    const periods = JSON.parse(planbot(home, ['deadlines', '--json', '--kind', 'programme_period', '--doc', 'ca-mau-2020-2021']).stdout) as JsonDeadline[];
    expect(periods.map((d) => d.due)).toEqual(['2016/2020']);
  });

  it('prints one line per deadline, sorted by due date, in Vietnamese date forms', () => {
    const r = planbot(home, ['deadlines', '--doc', 'tp-hcm-2023-2024']);
    expect(r.code, r.stderr).toBe(0);
    const [header, ...lines] = r.stdout.trim().split('\n');
    expect(header).toBe('9 deadlines (thời hạn), by due date:');
    expect(lines).toHaveLength(9);
    // Not a terminal: one line a deadline, its task whole.
    const tasks = (JSON.parse(planbot(home, ['deadlines', '--json', '--doc', 'tp-hcm-2023-2024']).stdout) as JsonDeadline[]).map((d) => d.task);
    tasks.forEach((t, i) => expect(lines[i]).toContain(`  ${t}  — `));
    expect(lines[0]).toMatch(/^10\/09\/2023 {2}.+ — Cơ sở giáo dục trên địa bàn Thành phố {2}\[tp-hcm-2023-2024#III\.4\]$/);
    expect(lines[1]).toMatch(/^15\/01\/2024 {2}báo cáo sơ kết/);
    expect(lines.some((l) => l.startsWith('năm học 2023-2024  ') && l.includes('— Sở Giáo dục và Đào tạo'))).toBe(true);
    expect(lines.some((l) => l.startsWith('30/04/2025  '))).toBe(true);
    const hb = planbot(home, ['deadlines', '--doc', 'hong-bang-2023-2024', '--from', '2023-12-01', '--to', '2023-12-31']).stdout;
    expect(hb).toMatch(/^tháng 12\/2023 {2}Xây dựng trường Mầm non Bạch Đằng đạt chuẩn Quốc gia vào cuối năm 2023 {2}— không nêu đơn vị {2}\[hong-bang-2023-2024#III\.1\.2\]$/m);
    const none = planbot(home, ['deadlines', '--agency', 'Công an quận']);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/Không có thời hạn nào khớp/);
  });

  it('refuses bad dates, a reversed range and an unknown plan with one line and exit code 1', () => {
    for (const args of [
      ['--from', '2023-13-01'],
      ['--to', '31/12/2023'],
      ['--from', '2023-02-30'],
      ['--from', '2024-01-01', '--to', '2023-01-01'],
      ['--doc', 'no-such-plan'],
      ['--kind', 'soon'],
    ]) {
      const r = planbot(home, ['deadlines', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    }
    expect(planbot(home, ['deadlines', '--from', '2023-13-01']).stderr).toMatch(/YYYY-MM-DD/);
    expect(planbot(home, ['deadlines', '--doc', 'no-such-plan']).stderr).toMatch(/no plan "no-such-plan"; the plans are: ca-mau-2020-2021/);
  });

  it('says to build the index first when there is none', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'planbot-deadlines-empty-'));
    tmp.push(empty);
    const r = planbot(empty, ['deadlines']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/run `planbot index` first/);
  });
});

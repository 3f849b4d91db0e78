// The command line as a person runs it: `node bin/planbot.js …` in a child process, with
// PLANBOT_HOME pointing at a temp folder. No model is configured, so this is lexical only.
// Needs the build (`npx tsc -p tsconfig.json`), as `npm test` does first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(REPO, 'bin', 'planbot.js');
const DOC_IDS = ['ca-mau-2020-2021', 'hong-bang-2023-2024', 'muong-te-2022-2023', 'thanh-xuan-2021-2022', 'tp-hcm-2023-2024'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without any PLANBOT_* setting of the machine running the tests. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PLANBOT_') && k !== 'PORT') env[k] = v;
  return { ...env, PLANBOT_LOG_LEVEL: 'warn', ...extra };
}

function planbot(home: string, args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: home,
    env: cleanEnv({ PLANBOT_HOME: home, ...env }),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');
const noStackTrace = (s: string) => expect(s).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

const tmpDirs: string[] = [];
async function tempDir(tag: string): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), `planbot-cli-${tag}-`));
  tmpDirs.push(d);
  return d;
}

let home: string; // a copy of the corpus, indexed by the first test

beforeAll(async () => {
  if (!existsSync(path.join(REPO, 'dist', 'src', 'cli.js'))) throw new Error('dist/src/cli.js is missing: run `npx tsc -p tsconfig.json` first');
  home = await tempDir('home');
  await cp(path.join(REPO, 'corpus'), path.join(home, 'corpus'), { recursive: true });
});

afterAll(async () => {
  await Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('planbot index', () => {
  it('indexes the corpus and prints the summary', () => {
    const r = planbot(home, ['index']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^indexed 5 documents, 196 clauses in \d+\.\d\d s \(word index\)$/m);
    expect(r.stdout).toMatch(/added 5, changed 0, removed 0, unchanged 0/);
    noStackTrace(r.stderr);
    expect(existsSync(path.join(home, 'index', 'planbot.db'))).toBe(true);
  });

  it('reports everything unchanged the second time', () => {
    const r = planbot(home, ['index']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/indexed 5 documents, 196 clauses/);
    expect(r.stdout).toMatch(/added 0, changed 0, removed 0, unchanged 5/);
  });

  it('prints the summary as JSON with --json', () => {
    const r = planbot(home, ['index', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ documents: 5, clauses: 196, chunks: 0, semantic: false, added: [], changed: [], removed: [], errors: [] });
    expect([...s.unchanged].sort()).toEqual(DOC_IDS);
  });
});

describe('planbot ask', () => {
  it('prints exactly one JSON object with --json', () => {
    const r = planbot(home, ['ask', 'ai chịu trách nhiệm đảm bảo an ninh an toàn trường học ở Hồng Bàng?', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toHaveLength(1);
    const a = JSON.parse(r.stdout);
    expect(Object.keys(a).sort()).toEqual(['abstained', 'answer', 'citations', 'intent', 'lang', 'outcome', 'question']);
    expect(a).toMatchObject({ question: 'ai chịu trách nhiệm đảm bảo an ninh an toàn trường học ở Hồng Bàng?', lang: 'vi', intent: 'responsibility', abstained: false });
    expect(a.citations.length).toBeGreaterThan(0);
    a.citations.forEach((c: Record<string, unknown>, i: number) => {
      expect(Object.keys(c).sort()).toEqual(['clauseId', 'docId', 'docTitle', 'heading', 'n', 'quote', 'section']);
      expect(c.n).toBe(i + 1);
    });
    expect(a.citations[0].clauseId).toBe('hong-bang-2023-2024#IV.9');
    noStackTrace(r.stderr);
  });

  it('prints the answer text without --json, and honours --doc and --year', () => {
    const plain = planbot(home, ['ask', 'chỉ tiêu tỷ lệ trẻ suy dinh dưỡng năm học 2023-2024']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('dưới 1%');
    expect(plain.stdout).toContain('Hồng Bàng 2023-2024, §III.1.1');

    const filtered = planbot(home, ['ask', 'tỷ lệ trẻ suy dinh dưỡng', '--json', '--doc', 'muong-te-2022-2023', '--year', '2022']);
    expect(filtered.code, filtered.stderr).toBe(0);
    const a = JSON.parse(filtered.stdout);
    expect(a.citations.length).toBeGreaterThan(0);
    expect(new Set(a.citations.map((c: { docId: string }) => c.docId))).toEqual(new Set(['muong-te-2022-2023']));
  });
});

describe('planbot clause', () => {
  it('shows a clause with its breadcrumb, heading and neighbours', () => {
    const r = planbot(home, ['clause', 'hong-bang-2023-2024#IV.9']);
    expect(r.code, r.stderr).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe('Hồng Bàng 2023-2024 › IV. TỔ CHỨC THỰC HIỆN');
    expect(out[1]).toBe('§IV.9 Công an quận');
    expect(r.stdout).toContain('đảm bảo an ninh an toàn trường học');
    expect(r.stdout).toMatch(/^← hong-bang-2023-2024#IV\.8$/m);
    expect(r.stdout).toMatch(/^→ hong-bang-2023-2024#IV\.10$/m);
  });

  it('lists the sub-clauses of a clause that has them', () => {
    const r = planbot(home, ['clause', 'hong-bang-2023-2024#III.1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('hong-bang-2023-2024#III.1.1  1.1. Chỉ tiêu');
    expect(r.stdout).toContain('hong-bang-2023-2024#III.1.2');
  });

  it('fails with one line and a close match for an unknown id', () => {
    const r = planbot(home, ['clause', 'hong-bang-2023-2024#IV.99']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = lines(r.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^planbot: no clause "hong-bang-2023-2024#IV\.99"; did you mean .*hong-bang-2023-2024#IV\.9\b/);
  });
});

describe('planbot docs', () => {
  it('lists the five plans', () => {
    const r = planbot(home, ['docs']);
    expect(r.code, r.stderr).toBe(0);
    const ids = lines(r.stdout).filter((l) => !l.startsWith(' '));
    expect(ids).toEqual(DOC_IDS);
    expect(r.stdout).toContain('Kế hoạch nhiệm vụ năm học 2021-2022');
    expect(r.stdout).toContain('number: 247/KH-UBND');
    expect(r.stdout).toContain('kind: Kế hoạch; number: 247/KH-UBND; issuer: UBND quận Thanh Xuân (district)');
    expect(r.stdout).toContain('signed: 2021-08-25 (day); signer: Đặng Khánh Hòa, Phó Chủ tịch');
  });

  it('prints JSON with --json', () => {
    const r = planbot(home, ['docs', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.documents.map((d: { docId: string }) => d.docId)).toEqual(DOC_IDS);
    expect(j.documents.reduce((s: number, d: { clauseCount: number }) => s + d.clauseCount, 0)).toBe(196);
    expect(j.skipped).toEqual([]);
    const tx = j.documents.find((d: { docId: string }) => d.docId === 'thanh-xuan-2021-2022');
    expect(tx).toMatchObject({
      docKind: 'Kế hoạch', issuer: 'UBND quận Thanh Xuân', issuerLevel: 'district', issuerType: 'UBND', enclosingNumber: null, period: null,
      signer: { name: 'Đặng Khánh Hòa', position: 'Phó Chủ tịch' },
    });
    expect(j.documents.find((d: { docId: string }) => d.docId === 'tp-hcm-2023-2024')).toMatchObject({ enclosingNumber: '3679/QĐ-UBND', signer: null });
  });
});

describe('the terminal chat of planbot start', () => {
  it('understands the Telegram commands and says where the others live', () => {
    const r = spawnSync(process.execPath, [BIN, 'start'], {
      cwd: home,
      env: cleanEnv({ PLANBOT_HOME: home, PLANBOT_WEB: 'off' }),
      input: '/help\n/hanchot 400\n/theodoi all\n/xyz\n/kehoach\n/quit\n',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('/hanchot (/deadlines)');
    expect(r.stdout).toContain('Số ngày phải là một số nguyên từ 1 đến');
    expect(r.stdout).toContain('/theodoi works in Telegram and Zalo');
    expect(r.stdout).toContain('There is no command /xyz');
    expect(r.stdout).toContain('Hồng Bàng 2023-2024');
    expect(r.stdout).not.toMatch(/plans do not say/i);
  });
});

describe('failures are one line and a non-zero exit', () => {
  it('ask without an index says to run planbot index, and creates nothing', async () => {
    const empty = await tempDir('noindex');
    const r = planbot(empty, ['ask', 'chỉ tiêu suy dinh dưỡng']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = lines(r.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^planbot: .*`planbot index`/);
    expect(await readdir(empty)).toEqual([]);
  });

  it('clause and docs without an index fail the same way', async () => {
    const empty = await tempDir('noindex2');
    for (const args of [['clause', 'hong-bang-2023-2024#IV.9'], ['docs']]) {
      const r = planbot(empty, args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/planbot index/);
    }
    expect(await readdir(empty)).toEqual([]);
  });

  it('index with an empty corpus folder fails and leaves no database behind', async () => {
    const bare = await tempDir('empty');
    await mkdir(path.join(bare, 'corpus'));
    const r = planbot(bare, ['index']);
    expect(r.code).toBe(1);
    const err = lines(r.stderr);
    expect(err.at(-1)).toMatch(/^planbot: no plan files/);
    noStackTrace(r.stderr);
    expect(existsSync(path.join(bare, 'index', 'planbot.db'))).toBe(false);
  });

  it('index with an empty corpus folder keeps an existing index intact', async () => {
    const h = await tempDir('keep');
    await cp(path.join(REPO, 'corpus'), path.join(h, 'corpus'), { recursive: true });
    expect(planbot(h, ['index']).code).toBe(0);
    await rm(path.join(h, 'corpus'), { recursive: true });
    await mkdir(path.join(h, 'corpus'));
    const r = planbot(h, ['index']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no plan files/);
    const docs = JSON.parse(planbot(h, ['docs', '--json']).stdout);
    expect(docs.documents).toHaveLength(5);
  });

  it('an unknown command fails', () => {
    const r = planbot(home, ['frobnicate']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown command/);
    expect(r.stdout).toBe('');
  });

  it('a year that is not a year fails', () => {
    const r = planbot(home, ['ask', 'chỉ tiêu suy dinh dưỡng', '--year', 'abc']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--year/);
    expect(r.stdout).toBe('');
  });

  it('a 10 000 character question fails with a reason, not a stack trace', () => {
    const long = 'chỉ tiêu suy dinh dưỡng '.repeat(500).slice(0, 10_000);
    const r = planbot(home, ['ask', long]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const err = lines(r.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^planbot: the question is \d+ characters long/);
    noStackTrace(r.stderr);
  });

  it('an unknown --doc fails with a reason', () => {
    const r = planbot(home, ['ask', 'suy dinh dưỡng', '--doc', 'ha-noi-1999-2000']);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual(['planbot: no plan with id ha-noi-1999-2000; see `planbot docs`']);
  });

  it('an invalid setting fails with a reason', () => {
    const r = planbot(home, ['docs'], { PLANBOT_SEMANTIC: 'sometimes' });
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^planbot: invalid setting PLANBOT_SEMANTIC/);
  });
});

// A temporary planbot home holding a copy of the five plans, indexed lexical-only by the
// real indexer, and the app opened over it. For suites that need answers, not parsing.
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../../src/store/repository.js';
import { indexCorpus } from '../../src/search/indexer.js';
import { openApp, type AppContext } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface IndexedHome {
  home: string;
  cfg: Config;
  app: AppContext;
  /** Closes the app and removes the folder. */
  dispose(): Promise<void>;
}

/**
 * Copies corpus/ (and the files of `extraDirs`, such as the dev corpus) into a new temp folder,
 * indexes it, opens the app. `env` adds settings.
 */
export async function makeIndexedHome(tag: string, env: NodeJS.ProcessEnv = {}, extraDirs: string[] = []): Promise<IndexedHome> {
  const home = await mkdtemp(path.join(os.tmpdir(), `planbot-${tag}-`));
  await cp(path.join(REPO, 'corpus'), path.join(home, 'corpus'), { recursive: true });
  for (const dir of extraDirs) for (const name of await readdir(dir)) await copyFile(path.join(dir, name), path.join(home, 'corpus', name));
  return indexAndOpen(home, env);
}

/** A temporary home whose corpus is only the given files (name → text), indexed, the app opened. */
export async function makeIndexedHomeOf(tag: string, files: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<IndexedHome> {
  const home = await mkdtemp(path.join(os.tmpdir(), `planbot-${tag}-`));
  await mkdir(path.join(home, 'corpus'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(home, 'corpus', name), text);
  return indexAndOpen(home, env);
}

/** A temporary home already holding its corpus/ (removed with it), indexed, the app opened. */
export function makeIndexedHomeIn(home: string, env: NodeJS.ProcessEnv = {}): Promise<IndexedHome> {
  return indexAndOpen(home, env);
}

async function indexAndOpen(home: string, env: NodeJS.ProcessEnv): Promise<IndexedHome> {
  const cfg = loadConfig({ ...env, PLANBOT_HOME: home });
  const store = await Store.open(cfg.dbPath, { create: true });
  try {
    await indexCorpus(store, { corpusDir: cfg.corpusDir, indexDir: cfg.indexDir, embedder: null });
  } finally {
    await store.close();
  }
  const app = await openApp(cfg);
  return {
    home,
    cfg,
    app,
    async dispose() {
      await app.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

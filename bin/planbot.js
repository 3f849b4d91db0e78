#!/usr/bin/env -S node --no-regexp-tier-up
// Each regular expression is compiled once, to machine code, when first used (--no-regexp-tier-up,
// given to node at start: V8 compiles it to bytecode first and again on its second use, and the
// hundreds of patterns that read a question cost a one-question process that much twice).
// Thin launcher: the CLI is compiled from src/ to dist/ by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('planbot is not built yet: run `npm install` (or `npm run build`) first.');
  process.exit(1);
}
await import(entry.href);

#!/usr/bin/env node
// Thin launcher: the CLI is compiled from src/ to dist/ by `npm install` (prepare) or `npm run build`.
import { existsSync } from 'node:fs';
import v8 from 'node:v8';
// Each regular expression compiled once, to machine code, when first used: V8's default compiles
// it to bytecode first and again on its second use, and the hundreds of patterns that read a
// question cost a one-question process (`planbot ask`) that much twice (~50 ms). Set before any
// module compiles a pattern.
v8.setFlagsFromString('--no-regexp-tier-up');
import { fileURLToPath } from 'node:url';
const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('planbot is not built yet: run `npm install` (or `npm run build`) first.');
  process.exit(1);
}
await import(entry.href);

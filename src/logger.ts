// The process's logger (pino): what the server and an unexpected CLI failure log to.
import pino, { type Logger } from 'pino';
import type { Config } from './config.js';
import { terminalDestination } from './logLines.js';

export function makeLogger(cfg: Config): Logger {
  // Logs go to stderr so that stdout stays the command's output (e.g. --json); in a terminal
  // as readable lines, elsewhere as JSON.
  const readable = cfg.logFormat === 'lines' || (cfg.logFormat === 'auto' && process.stderr.isTTY);
  return pino({ level: cfg.logLevel, base: undefined }, readable ? terminalDestination(process.stderr) : pino.destination(2));
}

// Logs in a terminal are lines a person reads; elsewhere they stay JSON.
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { readableLogLine, terminalDestination } from '../src/logLines.js';
import { loadConfig } from '../src/config.js';

describe('readable log lines', () => {
  it('turns a pino line into time, level, message and details, the error by its message', () => {
    const time = Date.UTC(2026, 11, 2, 5, 4, 31);
    const line = readableLogLine(JSON.stringify({ level: 40, time, msg: 'reply failed', platform: 'zalo', err: { message: 'HTTP 503', stack: 'Error: HTTP 503\n    at x' } }));
    expect(line).toBe(`${new Date(time).toTimeString().slice(0, 8)} WARN reply failed (error: HTTP 503, platform=zalo)`);
    expect(line).not.toContain('at x');
    expect(readableLogLine('not json')).toBe('not json');
  });

  it('is what a logger writes through the terminal destination', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (b: Buffer) => (text += b.toString()));
    const log = pino({ base: undefined }, terminalDestination(out));
    log.info({ docs: 5 }, 'index up to date');
    log.error({ err: new Error('disk full') }, 'indexing failed');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO index up to date \(docs=5\)$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d ERROR indexing failed \(error: disk full\)$/);
    for (const l of lines) expect(() => JSON.parse(l)).toThrow();
  });

  it('is chosen by PLANBOT_LOG_FORMAT (auto: a terminal gets lines, a pipe JSON)', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ PLANBOT_LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ PLANBOT_LOG_FORMAT: 'xml' })).toThrow(/PLANBOT_LOG_FORMAT/);
  });
});

// Log lines a person reads: in a terminal, pino's JSON becomes "12:04:31 WARN message (key=value)".
// Anywhere else (a file, journald, a pipe) the JSON stays, for machines.

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SHOWN_MAX = 160;

/** One JSON log line of pino as a readable line (the line itself when it is not JSON). */
export function readableLogLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const { level, time, msg, err, ...rest } = o;
  const when = typeof time === 'number' ? new Date(time).toTimeString().slice(0, 8) : '';
  const label = LEVELS[level as number] ?? String(level ?? '');
  const error = err && typeof err === 'object' ? (err as { message?: string }).message : undefined;
  const details = Object.entries(rest).map(([k, v]) => `${k}=${shown(v)}`);
  if (error) details.unshift(`error: ${error}`);
  return `${[when, label, msg ?? ''].filter(Boolean).join(' ')}${details.length ? ` (${details.join(', ')})` : ''}`;
}

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > SHOWN_MAX ? `${s.slice(0, SHOWN_MAX - 1)}…` : s;
}

/** A pino destination that writes readable lines to a terminal. */
export function terminalDestination(out: NodeJS.WritableStream): { write(chunk: string): void } {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line.trim()) out.write(`${readableLogLine(line)}\n`);
    },
  };
}

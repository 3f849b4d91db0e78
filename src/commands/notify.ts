// `planbot notify [--now ISO] [--dry-run] [--json]`: plans reminders (deadlines × subscriptions →
// outbox) as of now or --now, then sends what is due through the configured channels, as one
// run of what `planbot serve` does every minute. --dry-run writes and sends nothing: it shows
// what planning would change and what is due.
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../config.js';
import { shiftedClock, systemClock } from '../channels/clock.js';
import type { PlanReport } from '../notify/planner.js';
import type { DrainReport } from '../notify/sender.js';
// The store, planner, sender and channels load when the command runs (a fast `planbot --help`).
import { vnInstant } from '../notify/time.js';

interface NotifyOptions {
  now?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** "2023-12-24T08:00:00+07:00", "2023-12-24T01:00Z", or a day "2023-12-24" (taken at the reminder hour in Vietnam). */
export function parseNow(v: string, hour: number): number {
  const t = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const ms = vnInstant(t, hour);
    if (new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10) === t) return ms;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return ms;
  }
  throw new InvalidArgumentError('expected an ISO time with its offset (2023-12-24T08:00:00+07:00) or a day (2023-12-24)');
}

function fail(message: string, code: string): never {
  process.stderr.write(`planbot: ${message}\n`);
  throw new CommanderError(1, code, message);
}

function describePlan(p: PlanReport, dryRun: boolean): string[] {
  const verb = dryRun ? 'would plan' : 'planned';
  const lines = [`${verb} at ${p.at}: ${p.created} new, ${p.moved} moved, ${p.updated} updated, ${p.revived} revived, ${p.cancelled} cancelled`];
  for (const c of p.changes) lines.push(`  ${c.action} ${c.kind} ${c.chat} at ${c.sendAt}${c.detail ? ` (${c.detail})` : ''}  ${c.key}`);
  return lines;
}

export function registerNotifyCommand(program: Command, cfg: () => Config): void {
  program
    .command('notify')
    .description('plan deadline reminders for the subscribers and send those that are due')
    .option('--now <time>', 'plan and send as of this time (ISO with offset, or a day: YYYY-MM-DD at the reminder hour)')
    .option('--dry-run', 'write and send nothing; show what would be planned and what is due')
    .option('--json', 'print one JSON object')
    .action(async (o: NotifyOptions) => {
      const c = cfg();
      let start: number | null = null;
      try {
        start = o.now ? parseNow(o.now, c.reminders.hour) : null;
      } catch (err) {
        fail(`--now: ${(err as Error).message}`, 'planbot.notify.now');
      }
      const clock = start === null ? systemClock : shiftedClock(start);
      const [{ Store }, { OutboxStore }, { planReminders }, { Sender }, { configuredChannels }] = await Promise.all([
        import('../store/repository.js'),
        import('../store/outbox.js'),
        import('../notify/planner.js'),
        import('../notify/sender.js'),
        import('../notify/scheduler.js'),
      ]);
      const store = await Store.open(c.dbPath, { create: false, secretKey: c.secretKey });
      const outbox = new OutboxStore(store.db);
      try {
        const plan = await planReminders(store, outbox, clock.now(), c.reminders, { dryRun: o.dryRun });
        const channels = configuredChannels(c, store);
        const platforms = channels.map((ch) => ch.platform);
        let send: DrainReport | null = null;
        let note = '';
        if (o.dryRun) {
          const due = await outbox.due(new Date(clock.now()).toISOString(), ['telegram', ...platforms], 100_000);
          const plannedDue = plan.changes.filter((ch) => ch.action !== 'cancel' && Date.parse(ch.sendAt) <= clock.now()).length;
          note = `due now: ${due.length} in the outbox${plannedDue ? ` and ${plannedDue} from this plan` : ''}; nothing sent (dry run)`;
        } else if (channels.length === 0) {
          note = 'nothing sent: no channel is configured (set TELEGRAM_BOT_TOKEN)';
        } else {
          send = await new Sender({ store, outbox, channels, clock, retry: c.retry }).drain();
          note = send.leased
            ? `sent ${send.sent}, retry later ${send.retried}, failed ${send.failed}, blocked ${send.blocked}${send.reconciled ? `, ${send.reconciled} left in flight by a stopped sender sent again` : ''}`
            : 'nothing sent: another sender (planbot serve?) holds the sender lease; it sends them';
        }
        if (o.json) process.stdout.write(`${JSON.stringify({ plan, send, note, outbox: await outbox.counts() })}\n`);
        else process.stdout.write(`${[...describePlan(plan, !!o.dryRun), note].join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}

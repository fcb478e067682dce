import { defaultStatePath } from '../config/config';
import { UsageError } from '../core/errors';
import { enqueue, reportsDir } from '../events/queue';
import { resolveConfig, type CommonArgs } from './options';

export interface EventArgs extends CommonArgs {
  readonly kind?: string;
  readonly words?: readonly string[];
}

/**
 * `flightlog event crash NAME` and `flightlog event note TEXT…`: an application or a script reports a
 * crash or a note, without any daemon. The report waits in `reports/` beside the state file of the
 * system's sample (a service user's too: its own state directory is one no cron run reads) until the
 * next sample writes it as an event, with the reporter's uid, and counts crashes in health. A report
 * that cannot be left there is an error.
 */
export async function eventCommand(args: EventArgs): Promise<number> {
  const words = (args.words ?? []).map(String);
  if (args.kind !== 'crash' && args.kind !== 'note')
    throw new UsageError('event: say `flightlog event crash NAME` or `flightlog event note TEXT…`');
  if (words.length === 0)
    throw new UsageError(
      `event ${args.kind}: ${args.kind === 'crash' ? 'name the program that crashed' : 'give the text of the note'}`,
    );
  if (args.kind === 'crash' && words.length > 1)
    throw new UsageError('event crash: one program name (quote it if it holds spaces)');
  const config = await resolveConfig(args);
  // without --state or a configured state, a user reports to root's sample, not to a state of their own
  const state =
    args.state === undefined && config.state === defaultStatePath() ? defaultStatePath(process.env, 0) : config.state;
  const timeMs = Date.now();
  try {
    enqueue(
      state,
      args.kind === 'crash'
        ? { kind: 'crash', name: words[0] as string, timeMs }
        : { kind: 'note', text: words.join(' '), timeMs },
    );
  } catch (err) {
    const dir = reportsDir(state);
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(
      `event: the report could not be left in ${dir} (${code}); fix: as root, install -d -m 1733 ${dir} (the package makes it), or name a state with --state`,
    );
  }
  return 0;
}

import { UsageError } from '../errors';
import { enqueue } from '../events/queue';
import { lockPatiently } from '../state/shutdown';
import { resolveConfig, type CommonArgs } from './options';

export interface EventArgs extends CommonArgs {
  readonly kind?: string;
  readonly words?: readonly string[];
}

/**
 * `flightlog event crash NAME` and `flightlog event note TEXT…`: an application or a script reports a
 * crash or a note, without any daemon. It waits in a queue beside the state file (written under the
 * run lock) until the next sample writes it as an event and counts crashes in health.
 */
export async function eventCommand(args: EventArgs): Promise<number> {
  const words = (args.words ?? []).map(String);
  if (args.kind !== 'crash' && args.kind !== 'note') throw new UsageError('event: say `flightlog event crash NAME` or `flightlog event note TEXT…`');
  if (words.length === 0) throw new UsageError(`event ${args.kind}: ${args.kind === 'crash' ? 'name the program that crashed' : 'give the text of the note'}`);
  if (args.kind === 'crash' && words.length > 1) throw new UsageError('event crash: one program name (quote it if it holds spaces)');
  const config = await resolveConfig(args);
  const lock = await lockPatiently(`${config.state}.lock`);
  try {
    const timeMs = Date.now();
    enqueue(config.state, args.kind === 'crash' ? { kind: 'crash', name: words[0] as string, timeMs } : { kind: 'note', text: words.join(' '), timeMs });
  } finally {
    lock.release();
  }
  return 0;
}

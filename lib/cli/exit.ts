import { errorText, FileMissing, LockBusy, UsageError } from '../core/errors';
import { say } from '../core/say';

/** Exit statuses, as the README's "Exit status" lists them. */
export const EXIT = { ok: 0, usage: 2, undelivered: 3, stateUnsaved: 4, locked: 75 } as const;

/** An error that ended a command: one line on stderr, and the exit status that says what kind of failure it was. */
export function reportError(err: unknown): number {
  if (err instanceof UsageError) {
    say(err.message);
    return EXIT.usage;
  }
  if (err instanceof LockBusy) {
    say(err.message);
    return EXIT.locked;
  }
  if (err instanceof FileMissing) {
    say(`${err.message}: is --root the root of a Linux /proc and /sys?`);
    return EXIT.usage;
  }
  say(errorText(err));
  return 1;
}

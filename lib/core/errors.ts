/** Input in the wrong shape: names the source and the offending line so the error= value says what to look at. */
export class ParseError extends Error {
  constructor(
    readonly source: string,
    readonly line: string,
    readonly expected?: string,
  ) {
    super(
      `${source}: ${expected ? `${expected}: ` : ''}${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line)}`,
    );
    this.name = 'ParseError';
  }
}

/** An optional source this machine lacks (no /proc/pressure, no hwmon): the module writes nothing, `check` says why. */
export class SourceMissing extends Error {
  constructor(
    readonly path: string,
    why = `${path} does not exist here`,
  ) {
    super(why);
    this.name = 'SourceMissing';
  }
}

/** A file that a module needs is not under the root: unlike SourceMissing, an error (a broken root, a container without /proc). */
export class FileMissing extends Error {
  constructor(readonly path: string) {
    super(`${path} does not exist`);
    this.name = 'FileMissing';
  }
}

/** Bad usage or configuration: nothing is sampled, exit status 2, the message says what to fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Another run holds the state lock: exit status 75 (EX_TEMPFAIL), nothing written. */
export class LockBusy extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: string,
  ) {
    super(`another flightlog run holds ${lockPath} (${holder}); this run exits without sampling`);
    this.name = 'LockBusy';
  }
}

export const errorText = (err: unknown): string =>
  err instanceof Error ? (err.name === 'Error' ? err.message : `${err.name}: ${err.message}`) : String(err);

/**
 * The state could not be saved (its directory is full, read-only or not a directory): the sample still
 * went to the outputs that took it, the old state is kept, and the run exits 4.
 */
export class StateUnsaved extends Error {
  constructor(
    readonly path: string,
    readonly cause: Error,
  ) {
    super(
      `state not saved to ${path}: ${(cause as NodeJS.ErrnoException).code ?? cause.message} (${describeCode((cause as NodeJS.ErrnoException).code)}); ` +
        "the sample went to the outputs and the next run's rates cover the gap; fix: free space there, or point --state (or state: in the config) at a writable directory",
    );
    this.name = 'StateUnsaved';
  }
}

const describeCode = (code: string | undefined): string =>
  (
    ({
      ENOSPC: 'the filesystem is full',
      EDQUOT: 'the quota is used up',
      EROFS: 'the filesystem is read-only',
      ENOTDIR: 'a part of the path is not a directory',
      EIO: 'an I/O error',
    }) as Record<string, string>
  )[code ?? ''] ?? 'cannot write';

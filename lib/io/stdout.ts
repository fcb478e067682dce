import { write } from 'node:fs';

/**
 * Writes text and resolves once stdout has taken it all (a pipe may be slower than the run). Straight to
 * fd 1 off the main thread: process.stdout would load Node's streams (and net, for a pipe such as cron's)
 * into every run. A descriptor left non-blocking by whoever opened it (EAGAIN) gets the rest through
 * process.stdout, which waits for it to drain.
 */
export function writeStdout(text: string): Promise<void> {
  const data = Buffer.from(text);
  return new Promise((resolve, reject) => {
    // a reader that had enough (`| head -1`) closed the pipe: the rest is not wanted, and that is no error (as grep(1))
    const done = (err: NodeJS.ErrnoException | null | undefined): void =>
      err && err.code !== 'EPIPE' ? reject(err) : resolve();
    const from = (offset: number): void => {
      if (offset >= data.length) {
        resolve();
        return;
      }
      write(1, data, offset, data.length - offset, null, (err, written) => {
        if (err?.code === 'EAGAIN') {
          process.stdout.once('error', done);
          process.stdout.write(data.subarray(offset), done);
        } else if (err) done(err);
        else from(offset + written);
      });
    };
    from(0);
  });
}

/**
 * Progress of a long read on stderr: a bar redrawn in place when stderr is a terminal, nothing
 * otherwise (a pipe or a log must not fill with bars). Short reads (under 0.5 s) never show it.
 */
export function progressBar(
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): { update: (done: number, total: number) => void; end: () => void } {
  const started = now();
  let shown = false;
  let last = -1;
  return {
    update: (done, total) => {
      if (!stream.isTTY || total <= 0 || now() - started < 500) return;
      const pct = Math.min(100, Math.floor((done / total) * 100));
      if (pct === last) return;
      last = pct;
      shown = true;
      const width = 30;
      const full = Math.round((pct / 100) * width);
      stream.write(
        `\rreading logs [${'#'.repeat(full)}${' '.repeat(width - full)}] ${String(pct).padStart(3)}% of ${(total / 1048576).toFixed(1)} MiB`,
      );
    },
    end: () => {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}

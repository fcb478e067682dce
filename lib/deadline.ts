/** Settles like `work`, or rejects with "<what> did not answer in <ms> ms"; the timer never keeps the process alive. */
export function deadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer in ${ms} ms`)), ms);
    timer.unref();
    work.then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e); });
  });
}

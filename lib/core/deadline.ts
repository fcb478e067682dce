/**
 * Settles like `work`, or rejects with "<what> did not answer in <ms> ms". The timer keeps the process
 * alive while `work` is pending: a library that drops its last handle with a promise unsettled (a
 * client whose connection closed) still ends in this rejection, never in a silent exit.
 */
export function deadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer in ${ms} ms`)), ms);
    work.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

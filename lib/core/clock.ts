/**
 * Milliseconds on the monotonic clock, for the time a step took. process.hrtime rather than
 * performance.now(), whose first use loads Node's whole perf_hooks machinery into every run (the
 * long-running replay keeps performance.now()).
 */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

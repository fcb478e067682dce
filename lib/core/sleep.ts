/** Resolves after `ms` milliseconds (at once for 0 or less). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

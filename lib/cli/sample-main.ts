import { reportError } from './exit';
import { plainSample } from './fast-path';

/**
 * The entry of dist/sample.js, the bundle of cron's plain `flightlog sample` alone: none of the other
 * commands, the readers, yargs or the charts are in it, so a sample loads and compiles only its own
 * code. Any other command line (another command, an option only yargs reads, --help) gives undefined,
 * and sbin/flightlog runs the whole program (dist/flightlog.js, lib/cli/main.ts) instead.
 */
export async function main(argv: readonly string[]): Promise<number | undefined> {
  const plain = plainSample(argv);
  if (plain === undefined) return undefined;
  try {
    return await (await import('./sample')).sampleCommand(plain);
  } catch (err) {
    return reportError(err);
  }
}

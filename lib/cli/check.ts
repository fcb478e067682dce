import { resolve } from 'node:path';
import { writeStdout } from '../io/stdout';
import { checkMachine } from '../sample/check';
import type { CommonArgs } from './options';
import { resolveConfig } from './options';

/** `flightlog check`: what lib/sample/check.ts finds, on stdout. Exit 1 when the machine cannot record as configured, 2 for a config error. */
export async function checkCommand(args: CommonArgs): Promise<number> {
  const root = resolve(args.root);
  // what the schedule starts is compared with this program only on this machine's own root
  const program = root === '/' ? process.argv[1] : undefined;
  const { lines, exitCode } = await checkMachine(await resolveConfig(args), root, {
    stateGiven: args.state !== undefined,
    ...(program === undefined ? {} : { program }),
  });
  await writeStdout(lines.map((l) => `${l}\n`).join(''));
  return exitCode;
}

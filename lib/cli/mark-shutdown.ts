import { resolve } from 'node:path';
import { markShutdown } from '../state/shutdown';
import { resolveConfig, type CommonArgs } from './options';

/** `flightlog mark-shutdown`: run by flightlog-shutdown.service as the machine goes down. */
export async function markShutdownCommand(args: CommonArgs): Promise<number> {
  const config = await resolveConfig(args);
  await markShutdown(config.state, resolve(args.root));
  return 0;
}

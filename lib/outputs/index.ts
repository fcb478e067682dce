import type { Config, OutputName } from '../config/config';
import type { Output } from './types';

/**
 * The configured outputs, each loaded only when named, so a run pays at start-up only for the outputs
 * it uses (the syslog output loads winston only when it sends).
 */
export async function openOutputs(names: readonly OutputName[], config: Config): Promise<Output[]> {
  return Promise.all(names.map(async (name): Promise<Output> => {
    switch (name) {
      case 'syslog': return (await import('./syslog')).syslogOutput(config.syslog);
      case 'file': return (await import('./file')).fileOutput(config.file.path, config.syslog.ident);
      case 'stdout': return (await import('./stdout')).stdoutOutput(config.syslog.ident);
      case 'json': return (await import('./json')).jsonOutput();
    }
  }));
}

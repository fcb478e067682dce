import { UsageError } from '../core/errors';
import { writeStdout } from '../io/stdout';
import { SAR_SECTIONS, sarCsv, type SarSection } from '../read/sar';
import type { ReadArgs } from './read-options';
import { allSelectedSamples, readStatus } from './select-samples';

export interface ExportArgs extends ReadArgs {
  readonly sar?: boolean;
  readonly section?: readonly string[];
}

/** `flightlog export --sar [--section cpu,mem,net,disk]`: the logs as sadf -d's CSV, one section after another. */
export async function exportCommand(args: ExportArgs): Promise<number> {
  if (!args.sar) throw new UsageError('export: name the format: --sar');
  const sections = (args.section ?? [...SAR_SECTIONS]).flatMap((s) => s.split(','));
  const unknown = sections.find((s) => !(SAR_SECTIONS as readonly string[]).includes(s));
  if (unknown !== undefined)
    throw new UsageError(`export: --section ${JSON.stringify(unknown)}: use some of ${SAR_SECTIONS.join(', ')}`);
  const samples = await allSelectedSamples(args);
  await writeStdout(sections.map((s) => sarCsv(samples, s as SarSection)).join('\n'));
  return readStatus();
}

/** What /proc/cpuinfo says of the processors: the model, and logical CPUs, cores and sockets. */
export interface CpuInfo {
  readonly model?: string;
  readonly cpus: number;
  readonly cores: number;
  readonly sockets: number;
}

/** CPU parts of ARM Ltd (implementer 0x41), as lscpu names them: the cores of common boards and servers. */
const ARM_PARTS: Readonly<Record<string, string>> = {
  '0xb76': 'ARM1176',
  '0xc07': 'Cortex-A7',
  '0xc0f': 'Cortex-A15',
  '0xd03': 'Cortex-A53',
  '0xd04': 'Cortex-A35',
  '0xd05': 'Cortex-A55',
  '0xd07': 'Cortex-A57',
  '0xd08': 'Cortex-A72',
  '0xd09': 'Cortex-A73',
  '0xd0a': 'Cortex-A75',
  '0xd0b': 'Cortex-A76',
  '0xd0c': 'Neoverse-N1',
  '0xd40': 'Neoverse-V1',
  '0xd49': 'Neoverse-N2',
  '0xd4f': 'Neoverse-V2',
};

/**
 * Blocks of "key : value" lines, one per logical CPU. x86 names the model in "model name" and the
 * topology in "physical id" / "core id". 64-bit ARM has neither: the model comes from the "CPU
 * implementer"/"CPU part" codes (the "Model" line there names the board), and each CPU counts as a core
 * of one socket.
 */
export function parseCpuInfo(text: string): CpuInfo {
  const blocks = text
    .split(/\n\s*\n/)
    .map(
      (block) =>
        new Map(
          block.split('\n').flatMap((line): Array<[string, string]> => {
            const colon = line.indexOf(':');
            return colon < 0 ? [] : [[line.slice(0, colon).trim(), line.slice(colon + 1).trim()]];
          }),
        ),
    )
    .filter((m) => m.size > 0);
  const cpus = blocks.filter((b) => b.has('processor') && /^\d+$/.test(b.get('processor') ?? ''));
  const first = cpus[0] ?? new Map<string, string>();
  const part = first.get('CPU part');
  const implementer = first.get('CPU implementer');
  const armName = implementer === '0x41' && part !== undefined ? ARM_PARTS[part] : undefined;
  const model =
    first.get('model name') ??
    (armName === undefined ? undefined : `ARM ${armName}`) ??
    (part === undefined ? undefined : `ARM implementer ${implementer ?? '?'} part ${part}`);
  const topology = cpus.filter((b) => b.has('physical id') && b.has('core id'));
  const cores =
    topology.length === cpus.length && cpus.length > 0
      ? new Set(topology.map((b) => `${b.get('physical id')}/${b.get('core id')}`)).size
      : cpus.length;
  const sockets = topology.length > 0 ? new Set(topology.map((b) => b.get('physical id'))).size : 1;
  return { ...(model === undefined ? {} : { model }), cpus: cpus.length, cores, sockets };
}

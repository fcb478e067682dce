/** What /proc/cpuinfo says of the processors: the model, and logical CPUs, cores and sockets. */
export interface CpuInfo {
  readonly model?: string;
  readonly cpus: number;
  readonly cores: number;
  readonly sockets: number;
}

/**
 * Blocks of "key : value" lines, one per logical CPU. x86 names the model in "model name" and the
 * topology in "physical id" / "core id"; ARM has neither (the model is "Hardware"/"Model", or the
 * "CPU implementer"/"CPU part" codes), so each CPU there counts as a core of one socket.
 */
export function parseCpuInfo(text: string): CpuInfo {
  const blocks = text.split(/\n\s*\n/).map((block) => new Map(block.split('\n').flatMap((line): Array<[string, string]> => {
    const colon = line.indexOf(':');
    return colon < 0 ? [] : [[line.slice(0, colon).trim(), line.slice(colon + 1).trim()]];
  }))).filter((m) => m.size > 0);
  const cpus = blocks.filter((b) => b.has('processor') && /^\d+$/.test(b.get('processor') ?? ''));
  const first = cpus[0] ?? new Map<string, string>();
  const global = blocks.find((b) => b.has('Hardware') || b.has('Model'));
  const part = first.get('CPU part');
  const model = first.get('model name') ?? global?.get('Model') ?? global?.get('Hardware')
    ?? (part === undefined ? undefined : `ARM implementer ${first.get('CPU implementer') ?? '?'} part ${part}`);
  const topology = cpus.filter((b) => b.has('physical id') && b.has('core id'));
  const cores = topology.length === cpus.length && cpus.length > 0 ? new Set(topology.map((b) => `${b.get('physical id')}/${b.get('core id')}`)).size : cpus.length;
  const sockets = topology.length > 0 ? new Set(topology.map((b) => b.get('physical id'))).size : 1;
  return { ...(model === undefined ? {} : { model }), cpus: cpus.length, cores, sockets };
}

/** A key's parts: `module.field` or `module.subject.field` (README "What the lines mean"). */
export interface KeyParts {
  readonly module: string;
  /** absent for a key of the module as a whole; a key written elsewhere may hold dots in it */
  readonly subject: string | undefined;
  readonly field: string;
}

/** `net.eth0.rx_bytes_per_s` → net, eth0, rx_bytes_per_s; `cpu.busy_pct` → cpu, no subject, busy_pct. */
export function splitKey(key: string): KeyParts {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first < 0) return { module: key, subject: undefined, field: '' };
  return {
    module: key.slice(0, first),
    subject: first === last ? undefined : key.slice(first + 1, last),
    field: key.slice(last + 1),
  };
}

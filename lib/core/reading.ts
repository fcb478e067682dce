/**
 * What a module reads: raw values, no time arithmetic. Counters are cumulative kernel counters as bigint
 * (they are u64; `number` loses precision above 2^53); gauges are numbers already in their key's unit.
 * A value the kernel does not provide is a missing key, never 0.
 */
export interface Reading {
  /** 'eth0', 'sda', 'var_log', '3'; absent for host-wide values */
  readonly subject?: string;
  /** the kernel's name of the subject, where the subject had to change it (`eth0.100` for eth0_100): keeps subjects unique */
  readonly name?: string;
  readonly gauges: Readonly<Record<string, number>>;
  readonly counters: Readonly<Record<string, bigint>>;
  /** changes when the subject was created anew under the same name (a NIC's ifindex): a reset */
  readonly identity?: string;
  /** this subject alone could not be read (one mount's statfs timed out): written as <subject>.error */
  readonly error?: string;
  /** text values of the subject (a process's name) */
  readonly labels?: Readonly<Record<string, string>>;
  /** inputs of lib/derive that are not keys themselves (a link's speed) */
  readonly info?: Readonly<Record<string, number>>;
}

/** Per-module settings from the config file (`modules.<name>`), already validated. */
export interface ModuleSettings {
  readonly per_cpu?: boolean;
  readonly exclude?: RegExp;
  readonly exclude_types?: readonly string[];
  /** pacct: the accounting file */
  readonly path?: string;
  /** kmsg: name → regular expression of the messages to count */
  readonly patterns?: Readonly<Record<string, RegExp>>;
  /** cgroup: how deep below the root to report */
  readonly depth?: number;
  /** proc: how many top processes to write */
  readonly top?: number;
  /** proc: process names to count */
  readonly count?: readonly string[];
  /** any sampling module: written every Nth run as _min/_avg/_max over the runs between (lib/sample/summary.ts) */
  readonly every?: number;
  /** any sampling module: also write the raw counters the rates came from (lib/sample/raw.ts) */
  readonly raw?: boolean;
  /** power: also ask the BMC (ipmitool) */
  readonly ipmi?: boolean;
  /** net_check: hosts to ping */
  readonly ping?: readonly string[];
  /** net_check: host:port to connect to */
  readonly tcp?: readonly string[];
  /** net_check, mount_check: seconds one check may take */
  readonly timeout?: number;
  /** mount_check: mount points that must be there and answer */
  readonly mounts?: readonly string[];
}

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

/** What every sampling module takes besides its own settings. */
export interface CommonSettings {
  /** written every Nth run as _min/_avg/_max over the runs between (lib/sample/summary.ts) */
  readonly every?: number;
  /** also write the raw counters the rates came from (lib/sample/raw.ts) */
  readonly raw?: boolean;
}

/**
 * A module's settings as its code is given them: checked and compiled by lib/config, each default of
 * its entry filled in. Each module's own are typed by its entry (`lib/modules/<name>/entry.ts`).
 */
export type ModuleSettings = CommonSettings & Readonly<Record<string, unknown>>;

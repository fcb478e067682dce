import type { CommandRunner } from './types';

/** However a helper command behaves, a run waits for it this long at most. */
export const COMMAND_TIMEOUT_MS = 3000;

/** Runs helper commands (systemctl, coredumpctl) with execa, no shell, bounded in time. */
export const runCommand: CommandRunner = async (command, args) => {
  const { execa } = await import('execa');
  const result = await execa(command, [...args], { timeout: COMMAND_TIMEOUT_MS, reject: false, stdin: 'ignore', env: { SYSTEMD_COLORS: '0', LC_ALL: 'C' } });
  if ((result as { code?: string }).code === 'ENOENT') return undefined;
  if (result.timedOut) throw new Error(`${command} did not finish in ${COMMAND_TIMEOUT_MS} ms`);
  return { stdout: String(result.stdout), exitCode: result.exitCode ?? 1 };
};

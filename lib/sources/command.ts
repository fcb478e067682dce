import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Runs a command with a time limit: its stdout and exit status, or undefined when the command is not there. */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  timeoutMs?: number,
) => Promise<{ readonly stdout: string; readonly exitCode: number } | undefined>;

/** However a helper command behaves, a run waits for it this long at most, unless the caller says less. */
export const COMMAND_TIMEOUT_MS = 3000;

/** Whether `command` is an executable file on $PATH (or a path to one), as execvp(3) finds it: checked before paying for execa. */
export function onPath(command: string, path = process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'): boolean {
  const candidates = command.includes('/')
    ? [command]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, command));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      // a directory can be searched (x), not run
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** Runs helper commands (systemctl, nvidia-smi, sinfo) with execa, no shell, bounded in time. */
export const runCommand: CommandRunner = async (command, args, timeoutMs = COMMAND_TIMEOUT_MS) => {
  if (!onPath(command)) return undefined;
  const { execa } = await import('execa');
  const result = await execa(command, [...args], {
    timeout: timeoutMs,
    reject: false,
    stdin: 'ignore',
    env: { SYSTEMD_COLORS: '0', LC_ALL: 'C' },
  });
  if ((result as { code?: string }).code === 'ENOENT') return undefined;
  if (result.timedOut) throw new Error(`${command} did not finish in ${timeoutMs} ms`);
  return { stdout: String(result.stdout), exitCode: result.exitCode ?? 1 };
};

import { spawnSync } from 'node:child_process';
import { CLI } from './cli';

/** What `flightlog ARGS --help` prints: the program's own definitions of its commands, as yargs renders them. */
const help = (args: readonly string[]): string => {
  const { NODE_EXTRA_CA_CERTS: _ca, ...env } = process.env;
  return spawnSync(process.execPath, [CLI, ...args, '--help'], { encoding: 'utf8', env, timeout: 20_000 }).stdout;
};

/** The word for an option's value, by its name, where its type says too little. */
const WORDS: Readonly<Record<string, string>> = {
  config: 'file',
  state: 'file',
  file: 'file',
  out: 'file',
  log: 'file',
  key: 'file',
  html: 'file',
  root: 'dir',
  dir: 'dir',
  since: 'time',
  until: 'time',
  host: 'host',
  output: 'list',
  only: 'list',
  section: 'list',
  interval: 's',
  period: 's',
  'level-ms': 'ms',
};

/** An option's value in the synopsis: its choices, else its word; nothing for a flag. */
function optionValue(rest: string, name: string): string {
  const choices = /\[choices: ([^\]]+)\]/.exec(rest);
  if (choices)
    return ` ${(choices[1] as string)
      .split(', ')
      .map((c) => `\`${c.replace(/^"|"$/g, '')}\``)
      .join('|')}`;
  if (rest.includes('[boolean]') || rest.includes('[count]')) return '';
  return ` *${WORDS[name] ?? (rest.includes('[number]') ? 'n' : 'value')}*`;
}

/**
 * The man page's SYNOPSIS, made from each command's --help: its usage line and every option it takes
 * (less --help and --version), so that the page can never lack an option a command has.
 */
export function synopsis(): string {
  const commands = [...help([]).matchAll(/^ {2}flightlog (\S+)/gm)].map((m) => m[1] as string);
  const lines = commands.map((command) => {
    const text = help([command]);
    const usage = (text.split('\n')[0] as string).replace(/^flightlog \S+ ?/, '');
    const positionals = usage
      .split(' ')
      .filter(Boolean)
      .map((p) => {
        const name = p.replace(/^[<[]|[>\]]$/g, '').replace(/\.\.$/, '');
        const many = p.includes('..') ? '...' : '';
        return p.startsWith('[') ? `[*${name}*${many}]` : `*${name}*${many}`;
      });
    const options = [...text.slice(text.indexOf('Options:')).matchAll(/^ {2}(?:-(\w), )? *--([\w-]+) {2,}(.*)$/gm)]
      .filter((m) => m[2] !== 'help' && m[2] !== 'version')
      .map(
        (m) =>
          `[${m[1] === undefined ? '' : `\`-${m[1]}\`|`}\`--${m[2]}\`${optionValue(m[3] as string, m[2] as string)}]`,
      );
    return [`\`flightlog ${command}\``, ...positionals, ...options].join(' ');
  });
  return `${lines.join('\n\n')}\n\n\`flightlog help\` [*command*]\n`;
}

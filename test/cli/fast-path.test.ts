import { describe, expect, it } from 'vitest';
import { plainSample } from '../../lib/cli/fast-path';

describe('the plain-sample command line, read without yargs', () => {
  it.each([
    ['sample alone', ['sample'], { root: '/', verbose: 0 }],
    [
      'every common option',
      [
        'sample',
        '--config',
        '/etc/f.yaml',
        '--root',
        '/host',
        '--state',
        '/s.json',
        '--output',
        'syslog,json',
        '--file',
        '/f.log',
        '--first-interval',
        '0',
        '-vv',
      ],
      {
        config: '/etc/f.yaml',
        root: '/host',
        state: '/s.json',
        output: 'syslog,json',
        file: '/f.log',
        'first-interval': 0,
        verbose: 2,
      },
    ],
    [
      '--name=value and --verbose',
      ['sample', '--state=/s.json', '--first-interval=2.5', '--verbose'],
      { root: '/', state: '/s.json', 'first-interval': 2.5, verbose: 1 },
    ],
    [
      'a first interval that is no number (resolveConfig refuses it)',
      ['sample', '--first-interval', 'soon'],
      { root: '/', 'first-interval': Number.NaN, verbose: 0 },
    ],
  ])('reads %s', (_case, argv, expected) => expect(plainSample(argv)).toEqual(expected));

  it.each([
    ['nothing (a bare flightlog prints its usage)', []],
    ['options without the command', ['--state', '/s.json']],
    ['another command', ['grep', 'cpu.busy_pct']],
    ['help', ['sample', '--help']],
    ['the version', ['--version']],
    ['an unknown option', ['sample', '--bogus']],
    ['a stray word', ['sample', 'now']],
    ['an option without its value', ['sample', '--state']],
  ])('leaves %s to yargs', (_case, argv) => expect(plainSample(argv)).toBeUndefined());
});

describe('resolveConfig', () => {
  it.each(['state', 'config', 'root', 'file'] as const)('refuses an empty --%s', async (name) => {
    const { resolveConfig } = await import('../../lib/cli/options');
    await expect(resolveConfig({ root: '/', verbose: 0, [name]: '' })).rejects.toThrow(
      `--${name} needs a value: a path`,
    );
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultStatePath, loadConfig, spoolDir } from '../../lib/config/config';
import { parseWithCache } from '../../lib/config/parsed-cache';
import { UsageError } from '../../lib/core/errors';
import { flowYaml } from '../../lib/modules/docs';
import { MODULES, SAMPLING, settingsOf } from '../../lib/modules/registry';
import { tempDir } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

function dir(): string {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  return tmp.dir;
}

describe('raw: true', () => {
  it('is taken by every module with counters of its own, and refused, naming the file, key and fix, by one without', async () => {
    const d = dir();
    for (const m of SAMPLING) {
      const file = join(d, `${m.name}.yaml`);
      writeFileSync(file, `modules:\n  ${m.name}: {raw: true}\n`);
      if (m.raw === false)
        await expect(loadConfig(file, d), m.name).rejects.toThrow(
          `${file}: modules.${m.name}.raw: unknown key; fix: remove it`,
        );
      else expect((await loadConfig(file, d)).modules[m.name as keyof object], m.name).toMatchObject({ raw: true });
    }
  });
});

describe("etc/flightlog.yaml's modules", () => {
  it('uncommented, are a config the schema takes, and what they show is what each module is given without them', async () => {
    const d = dir();
    const text = readFileSync(join(__dirname, '..', '..', 'etc', 'flightlog.yaml'), 'utf8');
    const block = text.slice(text.indexOf('\n#modules:') + 1, text.indexOf('\n\n', text.indexOf('\n#modules:')));
    const uncommented = block
      .split('\n')
      .filter((line) => line === '#modules:' || line.startsWith('#  '))
      .map((line) => line.slice(1).replace(/\s+# [^"]*$/, ''))
      .join('\n');
    const file = join(d, 'modules.yaml');
    writeFileSync(file, `${uncommented}\n`);
    const config = await loadConfig(file, d);
    const shown = MODULES.filter((m) => Object.values(m.settings).some((s) => s.default !== undefined));
    expect(Object.keys(config.modules)).toEqual(
      MODULES.filter((m) =>
        Object.values(m.settings).some((s) => s.default !== undefined || s.example !== undefined),
      ).map((m) => m.name),
    );
    for (const m of shown)
      for (const [name, setting] of Object.entries(m.settings)) {
        if (setting.default === undefined) continue;
        const given = settingsOf(m, config.modules[m.name])[name];
        // as written in the file, compiled, and as a run gives it with no config: the same
        expect(flowYaml(given), `modules.${m.name}.${name}`).toBe(flowYaml(setting.default));
        expect(flowYaml(settingsOf(m, undefined)[name])).toBe(flowYaml(setting.default));
      }
  });
});

describe('loadConfig', () => {
  it('gives the documented defaults without a file', async () => {
    const d = dir();
    const config = await loadConfig(undefined, d);
    expect(config).toMatchObject({
      interval: 600,
      firstInterval: 1,
      outputs: ['syslog'],
      syslog: { socket: '/dev/log', facility: 'local4', ident: 'flightlog', via: 'auto' },
      modules: {},
    });
    expect(config.source).toBeUndefined();
  });

  it('reads every key of a full file', async () => {
    const d = dir();
    const file = join(d, 'flightlog.yaml');
    writeFileSync(
      file,
      [
        'interval: 60',
        'first_interval: 0',
        `state: ${d}/s/state.json`,
        'outputs: [syslog, file]',
        'syslog: {socket: /run/log.sock, facility: local7, ident: fl, via: logger}',
        'file: {path: /tmp/x.log}',
        'spool: {max_bytes: 1000}',
        'modules:',
        '  cpu: {per_cpu: false}',
        '  net: {exclude: "^(lo|veth.*)$"}',
        '  temp: false',
        '  psi: true',
        '',
      ].join('\n'),
    );
    const config = await loadConfig(file, d);
    expect(config.interval).toBe(60);
    expect(config.firstInterval).toBe(0);
    expect(config.outputs).toEqual(['syslog', 'file']);
    expect(config.syslog).toEqual({
      socket: '/run/log.sock',
      facility: 'local7',
      ident: 'fl',
      via: 'logger',
      port: 514,
      protocol: 'udp',
      timeout: 5,
    });
    expect(spoolDir(config)).toBe(`${d}/s/spool`);
    expect(config.modules.cpu).toEqual({ per_cpu: false });
    expect((config.modules.net as { exclude: RegExp }).exclude.test('veth12')).toBe(true);
    expect(config.modules.temp).toBe(false);
    expect(config.modules.psi).toEqual({});
  });

  it.each([
    ['a negative interval', 'interval: -5\n', 'interval: -5 is below the minimum 1; fix: use 1 or more'],
    [
      'a module set to a string',
      'modules: {cpu: yes please}\n',
      'modules.cpu: expected a mapping, found string "yes please"',
    ],
    ['an unknown top-level key', 'outptus: [file]\n', 'outptus: unknown key; fix: did you mean outputs?'],
    [
      'an unknown module',
      'modules: {gpus: true}\n',
      `modules.gpus: unknown key; fix: did you mean gpu? (allowed here: ${MODULES.map((m) => m.name).join(', ')})`,
    ],
    ['a duplicate key', 'interval: 60\ninterval: 120\n', 'not valid YAML'],
  ])('refuses %s, naming the file', async (_case, text, message) => {
    const d = dir();
    const file = join(d, 'flightlog.yaml');
    writeFileSync(file, text);
    const err = await loadConfig(file, d).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(`${file}: ${message}`);
  });

  it('reads the shipped, commented etc/flightlog.yaml as the defaults', async () => {
    const shipped = await loadConfig(join(__dirname, '..', '..', 'etc', 'flightlog.yaml'), dir());
    const defaults = await loadConfig(undefined, dir());
    expect({ ...shipped, source: undefined }).toEqual({ ...defaults, source: undefined });
  });

  it('takes an empty file for the defaults', async () => {
    const d = dir();
    writeFileSync(join(d, 'empty.yaml'), '# nothing set\n');
    expect((await loadConfig(join(d, 'empty.yaml'), d)).interval).toBe(600);
  });
});

describe('the parsed-config cache', () => {
  it('parses once while the file is unchanged, and again when it changes', async () => {
    const d = dir();
    const file = join(d, 'c.yaml');
    writeFileSync(file, 'interval: 60\n');
    let parses = 0;
    const parse = async (text: string): Promise<unknown> => {
      parses++;
      return { text };
    };
    expect(await parseWithCache(file, d, parse)).toEqual({ text: 'interval: 60\n' });
    expect(await parseWithCache(file, d, parse)).toEqual({ text: 'interval: 60\n' });
    expect(parses).toBe(1);
    writeFileSync(file, 'interval: 90\n');
    expect(await parseWithCache(file, d, parse)).toEqual({ text: 'interval: 90\n' });
    expect(parses).toBe(2);
  });

  it('never caches a file that does not parse', async () => {
    const d = dir();
    const file = join(d, 'c.yaml');
    writeFileSync(file, 'x');
    await expect(
      parseWithCache(file, d, async () => {
        throw new Error('bad');
      }),
    ).rejects.toThrow('bad');
    expect(existsSync(join(d, 'config.parsed.json'))).toBe(false);
  });

  it('goes on without a cache in a directory it cannot write', async () => {
    const d = dir();
    const file = join(d, 'c.yaml');
    writeFileSync(file, 'x');
    expect(await parseWithCache(file, join(d, 'c.yaml', 'not-a-dir'), async () => 7)).toBe(7);
  });
});

describe('defaultStatePath', () => {
  it('is /var/lib/flightlog for root and the XDG state directory for others', () => {
    expect(defaultStatePath({}, 0)).toBe('/var/lib/flightlog/state.json');
    expect(defaultStatePath({ XDG_STATE_HOME: '/home/u/.st' }, 1000)).toBe('/home/u/.st/flightlog/state.json');
    expect(defaultStatePath({ XDG_STATE_HOME: 'relative' }, 1000)).toMatch(/\/\.local\/state\/flightlog\/state\.json$/);
  });
});

describe('the schema', () => {
  it('knows every sampling module by name, for the load sensor keys', async () => {
    const { SAMPLING_MODULE_NAMES } = await import('../../lib/config/schema');
    const { SAMPLING } = await import('../../lib/modules/registry');
    expect([...SAMPLING_MODULE_NAMES].sort()).toEqual(SAMPLING.map((m) => m.name).sort());
  });
});

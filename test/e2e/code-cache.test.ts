import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureRoot, tempDir } from '../helpers';
import { flightlog } from './cli';

let cleanup = (): void => {};
afterEach(() => cleanup());

/** A sample to stdout with the cache in a directory of this test's: its status, its stdout and the cache directory's files. */
function setup(): { cache: string; run: () => Promise<{ status: number | null; stderr: string; lines: number }> } {
  const tmp = tempDir('flcc');
  cleanup = tmp.cleanup;
  const cache = join(tmp.dir, 'cache');
  const run = async (): Promise<{ status: number | null; stderr: string; lines: number }> => {
    const ran = await flightlog(
      [
        'sample',
        '--output',
        'stdout',
        '--root',
        fixtureRoot('basic', 't1'),
        '--state',
        join(tmp.dir, 'state.json'),
        '--first-interval',
        '0',
      ],
      { FLIGHTLOG_CACHE_DIR: cache },
    );
    return {
      status: ran.status,
      stderr: ran.stderr,
      lines: ran.stdout.split('\n').filter((l) => l.includes(' xid=')).length,
    };
  };
  return { cache, run };
}

describe('the compiled-code cache, damaged', () => {
  it("is named for the bundle, the Node version and the bundle's content: a sample's own bundle, and the whole program's apart", async () => {
    const { cache, run } = setup();
    const first = await run();
    expect(first.status).toBe(0);
    const id = (bundle: string): string | undefined =>
      readFileSync(join(__dirname, '..', '..', 'dist', `${bundle}.js`), 'latin1').match(
        /\/\/# flightlog-id=([0-9a-f]{20})\n$/,
      )?.[1];
    expect(readdirSync(cache)).toEqual([`sample-${process.version}-${id('sample')}.cache`]);
    // the next sample takes it as it is (V8 accepted it, flags and all): not written again
    const written = statSync(join(cache, readdirSync(cache)[0]!));
    expect((await run()).status).toBe(0);
    expect(statSync(join(cache, readdirSync(cache)[0]!)).ino).toBe(written.ino);
    // another command runs the whole program: its cache is its own, and the sample's stays
    expect((await flightlog(['--version'], { FLIGHTLOG_CACHE_DIR: cache })).status).toBe(0);
    expect(readdirSync(cache).sort()).toEqual([
      `flightlog-${process.version}-${id('flightlog')}.cache`,
      `sample-${process.version}-${id('sample')}.cache`,
    ]);
    // a cache of another build of a bundle is replaced, the other bundle's is not
    const old = join(cache, `sample-${process.version}-00000000000000000000.cache`);
    writeFileSync(old, 'old');
    rmSync(join(cache, `sample-${process.version}-${id('sample')}.cache`));
    expect((await run()).status).toBe(0);
    expect(existsSync(old)).toBe(false);
    expect(readdirSync(cache)).toHaveLength(2);
  });

  it('with bytes flipped anywhere in it, is rejected by its checksum: every run samples, and the cache is made anew', async () => {
    const { cache, run } = setup();
    await run();
    const [name] = readdirSync(cache);
    const path = join(cache, name!);
    const good = readFileSync(path);
    // 16 bytes at a quarter, a half and three quarters in: the code, not only the header
    for (const at of [0.25, 0.5, 0.75]) {
      const bad = Buffer.from(good);
      for (let i = Math.floor(bad.length * at); i < Math.floor(bad.length * at) + 16; i++)
        bad[i] = (bad[i] ?? 0) ^ 0x5a;
      writeFileSync(path, bad);
      for (let i = 0; i < 2; i++) {
        const ran = await run();
        expect(ran.status, ran.stderr).toBe(0);
        expect(ran.lines).toBeGreaterThan(5);
      }
      expect(readFileSync(path).equals(bad)).toBe(false);
    }
  });

  it('as a FIFO, never blocks a run; as a directory, leaves no file behind', async () => {
    const { cache, run } = setup();
    await run();
    const [name] = readdirSync(cache);
    const path = join(cache, name!);
    rmSync(path);
    execFileSync('mkfifo', [path]);
    const ran = await run();
    expect(ran.status).toBe(0);
    rmSync(path);
    mkdirSync(path);
    for (let i = 0; i < 2; i++) expect((await run()).status).toBe(0);
    expect(readdirSync(cache)).toEqual([name]);
    expect(existsSync(join(path, 'x'))).toBe(false);
  });

  it('is never made under /proc, where a directory cannot be made (the run would spin)', async () => {
    const tmp = tempDir('flcp');
    cleanup = tmp.cleanup;
    const sampled = await flightlog(
      ['sample', '--output', 'stdout', '--root', fixtureRoot('basic', 't1'), '--state', join(tmp.dir, 's.json')],
      { FLIGHTLOG_CACHE_DIR: '/proc/self/flightlog-cache' },
    );
    expect(sampled.status).toBe(0);
  });
});

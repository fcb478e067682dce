import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { loadState, moveAside, saveState, type State } from '../../lib/state/store';
import { runSample } from '../../lib/sample/run';
import { fixtureRoot, linesOf, memoryOutput, tempDir, testConfig } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

const state = (n: number): State => ({
  bootId: 'b',
  timeMs: n,
  uptimeS: n,
  modules: new Map([
    [
      'net',
      { uptimeS: n, subjects: new Map([['eth0', { counters: { rx_bytes: 18446744073709551615n }, identity: '2' }]]) },
    ],
  ]),
  runs: { total: n, missed: 0 },
});

describe('the state file', () => {
  it('keeps u64 counters exact through a save and a load', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, 'state.json');
    saveState(path, state(1));
    const loaded = loadState(path);
    expect(loaded.kind === 'ok' && loaded.state.modules.get('net')?.subjects.get('eth0')).toEqual({
      counters: { rx_bytes: 18446744073709551615n },
      identity: '2',
    });
  });

  it.each([
    ['empty', ''],
    ['torn JSON', '{"v":1,"boot_id":"b","time'],
    ['another version', '{"v":99}'],
    [
      'a counter that is not a decimal string',
      '{"v":1,"boot_id":"b","time_ms":1,"uptime_s":1,"runs":{"total":1,"missed":0},"modules":{"net":{"uptime_s":1,"subjects":{"eth0":{"counters":{"rx_bytes":12}}}}}}',
    ],
  ])('calls a file that is %s bad', (_case, text) => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, 'state.json');
    writeFileSync(path, text);
    expect(loadState(path).kind).toBe('bad');
    const aside = moveAside(path, Date.UTC(2026, 10, 23, 9, 0, 0));
    expect(aside).toBe(`${path}.bad-20261123T090000Z`);
    expect(existsSync(path)).toBe(false);
  });

  it('moves a corrupt state aside, says so, and starts a new baseline', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const config = testConfig(tmp.dir);
    writeFileSync(config.state, '{"v":1, torn');
    const warnings: string[] = [];
    const out = memoryOutput();
    await runSample({
      config,
      root: fixtureRoot('nic-readded', 't0'),
      outputs: [out],
      version: '0',
      modules: ['net'],
      now: () => 1_000_000,
      elapsedMs: () => 1,
      warn: (l) => warnings.push(l),
    });
    expect(warnings[0]).toMatch(
      /state file .* could not be read .* moved to .*state\.json\.bad-19700101T001640Z, starting a new baseline/,
    );
    expect(linesOf(out.samples[0]!)[0]).toBe(
      `xid=1000 run.v=1 run.version=0 run.first=1 run.duration_ms=1 run.errors=0 run.warning="state file unreadable, moved to ${config.state}.bad-19700101T001640Z"`,
    );
    expect(loadState(config.state).kind).toBe('ok');
  });

  it('is always whole after a SIGKILL at a random point of a save (60 kills)', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const script = join(tmp.dir, 'save-loop.js');
    await build({
      entryPoints: [join(__dirname, 'save-loop.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: script,
      logLevel: 'error',
    });
    const path = join(tmp.dir, 'state.json');
    const seen = new Set<number>();
    for (let kill = 0; kill < 60; kill++) {
      const child = spawn(process.execPath, [script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
      // the kill lands after 1 to 3 whole saves (so every victim gets somewhere, however busy the
      // machine) and then at a random instant, inside a save or between two
      const saves = 1 + (kill % 3);
      await new Promise<void>((resolve) => {
        let seenSaves = 0;
        child.stdout.on('data', (d: Buffer) => {
          seenSaves += d.toString().split('\n').length - 1;
          if (seenSaves >= saves) resolve();
        });
      });
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const loaded = loadState(path);
      expect(loaded.kind).toBe('ok');
      if (loaded.kind === 'ok') seen.add(loaded.state.runs.total);
    }
    // each victim went on from the last whole state: the counts grew from kill to kill
    expect(seen.size).toBe(60);
    expect(
      readdirSync(tmp.dir)
        .filter((f) => f.startsWith('state.json'))
        .sort(),
    ).toEqual(expect.arrayContaining(['state.json']));
  });
});

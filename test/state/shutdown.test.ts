import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { acquireLock } from '../../lib/state/lock';
import { loadState } from '../../lib/state/store';
import { flightlog } from '../e2e/cli';
import { fixtureRoot, tempDir } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

it('marks a clean shutdown in the state file, waiting for a sample that holds the lock; the next boot reads it', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const state = join(tmp.dir, 'state.json');
  const common = ['--state', state, '--root', fixtureRoot('reboot', 't0')];
  expect((await flightlog(['sample', ...common, '--first-interval', '0', '--output', 'stdout'])).status).toBe(0);

  const lock = acquireLock(`${state}.lock`);
  const marking = flightlog(['mark-shutdown', ...common]);
  await new Promise((resolve) => setTimeout(resolve, 400));
  lock.release();
  const marked = await marking;
  expect(marked.status, marked.stderr).toBe(0);
  expect(marked.ms).toBeGreaterThan(400);
  let loaded = loadState(state);
  expect(loaded.kind === 'ok' && loaded.state.shutdown).toEqual({
    bootId: 'aaaaaaaa-0000-0000-0000-000000000001',
    timeMs: expect.any(Number),
    uptimeS: 5000,
  });

  const next = await flightlog([
    'sample',
    '--state',
    state,
    '--root',
    fixtureRoot('reboot', 't1'),
    '--first-interval',
    '0',
    '--output',
    'stdout',
  ]);
  expect(next.status).toBe(0);
  expect(next.stdout).toMatch(
    /: xid=\d+ event=boot reason=shutdown previous_boot=aaaaaaaa-0000-0000-0000-000000000001 last_uptime_s=5000$/m,
  );
  loaded = loadState(state);
  expect(loaded.kind === 'ok' && [loaded.state.bootId, loaded.state.shutdown]).toEqual([
    'bbbbbbbb-0000-0000-0000-000000000002',
    undefined,
  ]);
});

it('starts a state file when there is none', async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const state = join(tmp.dir, 'state.json');
  expect((await flightlog(['mark-shutdown', '--state', state, '--root', fixtureRoot('reboot', 't1')])).status).toBe(0);
  const loaded = loadState(state);
  expect(loaded.kind === 'ok' && loaded.state.shutdown?.bootId).toBe('bbbbbbbb-0000-0000-0000-000000000002');
});

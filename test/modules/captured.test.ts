import { expect, it } from 'vitest';
import { testConfig } from '../helpers';
import { enabledModules } from '../../lib/sample/enabled';
import { readAll } from '../../lib/sample/read-all';
import { Sources } from '../../lib/sources/read';
import { fixtureRoot } from '../helpers';

it('reads the files captured from a real machine without a single error', async () => {
  const root = fixtureRoot('captured-vm');
  const snap = await readAll(
    new Sources(root, async () => ({ bsize: 4096, blocks: 10, bfree: 5, bavail: 5, files: 10, ffree: 5 })),
    await enabledModules(testConfig('/nonexistent'), [
      'host',
      'cpu',
      'load',
      'mem',
      'net',
      'disk',
      'fs',
      'psi',
      'temp',
    ]),
  );
  const subjects = Object.fromEntries(
    [...snap.results].map(([name, r]) => [name, r.ok ? r.readings.map((x) => x.subject ?? '-') : r]),
  );
  expect(subjects).toEqual({
    host: ['-'],
    cpu: ['-', '0', '1'],
    load: ['-'],
    mem: ['-'],
    // ifb0 and ifb1 are down and never carried a byte: left out
    net: ['eth0'],
    disk: ['vda'],
    fs: ['root'],
    psi: ['cpu', 'memory', 'io'],
    temp: ['-'],
  });
});

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { parseMessage } from '../../lib/format/parse';
import { tempDir } from '../helpers';
import { flightlog } from './cli';

/*
 * Process accounting for real: accton points the kernel at a temporary file, processes run and end,
 * and the next sample reports them. Accounting is switched off again afterwards (it is machine-wide:
 * the test needs root, as in CI).
 */
let cleanup = (): void => {};
afterEach(() => {
  spawnSync('/usr/sbin/accton', ['off']);
  cleanup();
});

it('sees a process that exits 3, one killed by SIGKILL, and a hostile name as one escaped value', async () => {
  if (process.getuid?.() !== 0) throw new Error('process accounting needs root: run the tests as root (CI does)');
  const tmp = tempDir('flp');
  cleanup = tmp.cleanup;
  const file = join(tmp.dir, 'pacct');
  writeFileSync(file, '');
  execFileSync('/usr/sbin/accton', [file], { stdio: 'ignore' });
  const config = join(tmp.dir, 'flightlog.yaml');
  writeFileSync(config, `modules: {pacct: {path: ${file}}}\n`);
  // the sampled root is a fixture; pacct.path is read under it too, so point the root at /
  const args = [
    'sample',
    '--config',
    config,
    '--state',
    join(tmp.dir, 'state.json'),
    '--first-interval',
    '0',
    '--output',
    'stdout',
  ];
  expect((await flightlog(args)).status).toBe(0);

  spawnSync('/bin/sh', ['-c', 'exit 3']);
  const sleeper = spawn('/bin/sleep', ['30']);
  await new Promise((resolve) => setTimeout(resolve, 100));
  sleeper.kill('SIGKILL');
  await new Promise((resolve) => sleeper.once('exit', resolve));
  // the kernel names a process after its file (15 bytes): a newline and a key=value in it
  const hostile = join(tmp.dir, '\ncpu.busy_pct=0');
  copyFileSync('/bin/false', hostile);
  chmodSync(hostile, 0o755);
  spawnSync(hostile);
  await new Promise((resolve) => setTimeout(resolve, 100));

  const ran = await flightlog(args);
  expect(ran.status, ran.stderr).toBe(0);
  const messages = ran.stdout
    .trim()
    .split('\n')
    .map((l) => l.slice(l.indexOf(': ') + 2));
  const parsed = messages.map((m) => parseMessage(m)!);
  const events = parsed.filter((p) => p.fields.has('event')).map((p) => Object.fromEntries(p.fields));
  expect(events).toContainEqual(expect.objectContaining({ event: 'exit_failure', comm: 'sh', status: '3' }));
  expect(events).toContainEqual(expect.objectContaining({ event: 'killed', comm: 'sleep', signal: '9' }));
  expect(events).toContainEqual(
    expect.objectContaining({ event: 'exit_failure', comm: '\ncpu.busy_pct=0', status: '1' }),
  );
  // the hostile name is one quoted value on one line, and its line forges no cpu key
  expect(messages.some((m) => m.includes('comm="\\ncpu.busy_pct=0"'))).toBe(true);
  const hostileLine = parsed.find((p) => p.fields.get('comm') === '\ncpu.busy_pct=0')!;
  expect([...hostileLine.fields.keys()]).toEqual(['event', 'comm', 'pid', 'uid', 'status']);
  const counts = Object.fromEntries(parsed.find((p) => p.fields.has('pacct.exited_new'))!.fields);
  expect(Number(counts['pacct.failed_new'])).toBeGreaterThanOrEqual(2);
  expect(Number(counts['pacct.killed_new'])).toBeGreaterThanOrEqual(1);
});

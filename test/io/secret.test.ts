import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { readSecret, userPassword } from '../../lib/io/secret';
import { UsageError } from '../../lib/core/errors';
import { tempDir } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

it.each([[0o644], [0o640], [0o604], [0o620]])('refuses a secrets file with mode %o, saying the fix', (mode) => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const path = join(tmp.dir, 'mqtt.cred');
  writeFileSync(path, 'u:p\n');
  chmodSync(path, mode);
  expect(() => readSecret(path, 'mqtt.credentials')).toThrow(UsageError);
  expect(() => readSecret(path, 'mqtt.credentials')).toThrow(
    `mqtt.credentials: ${path} is open to group or others (mode 0${mode.toString(8)}); fix: chmod 600 ${path}`,
  );
});

it('reads a file only its owner can read', () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const path = join(tmp.dir, 'mqtt.cred');
  writeFileSync(path, 'flightlog:pa:ss:word\n', { mode: 0o600 });
  expect(userPassword(readSecret(path, 'mqtt.credentials'), path)).toEqual({
    username: 'flightlog',
    password: 'pa:ss:word',
  });
});

it('says what is wrong with a credentials file without a colon', () => {
  expect(() => userPassword('justaname', '/etc/x')).toThrow('/etc/x: expected one line "user:password"');
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(__dirname, '..', '..');

describe('etc/examples/telegraf.conf', () => {
  // the inputs.exec block, uncommented as a user would
  const exec = readFileSync(join(repo, 'etc/examples/telegraf.conf'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/^# ?/, ''))
    .join('\n')
    .split('[[inputs.exec]]')[1]!
    .split('\n[')[0]!;

  it('keeps nanoseconds: Telegraf would round an input to 1 s and merge two events of a kind into one point', () => {
    expect(exec).toMatch(/^\s*precision = "1ns"$/m);
  });
  it('runs flightlog with the commands list (the string form is deprecated) and reads line protocol', () => {
    expect(exec).toMatch(/^\s*commands = \["\/usr\/bin\/flightlog sample --output influx --state [^"]+"\]$/m);
    expect(exec).toMatch(/^\s*data_format = "influx"$/m);
  });
});

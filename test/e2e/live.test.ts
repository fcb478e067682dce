import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { flightlog } from './cli';

describe('this machine, sampled twice', () => {
  it('writes every _pct within 0–100 and every rate finite and not negative', async () => {
    const tmp = tempDir('fll');
    try {
      const args = ['sample', '--state', join(tmp.dir, 'state.json'), '--output', 'json'];
      // the first run takes a baseline and samples again after a second; the second compares with it
      for (const first of ['1', '0']) {
        const ran = await flightlog([...args, '--first-interval', first]);
        expect(ran.status, ran.stderr).toBe(0);
        const { values } = JSON.parse(ran.stdout) as { values: Record<string, number | string> };
        const numbers = Object.entries(values).filter((e): e is [string, number] => typeof e[1] === 'number');
        expect(numbers.some(([k]) => k.startsWith('cpu.') && k.endsWith('_pct'))).toBe(true);
        for (const [key, value] of numbers) {
          expect(Number.isFinite(value), key).toBe(true);
          if (key.endsWith('_pct')) expect(value >= 0 && value <= 100, `${key}=${value}`).toBe(true);
          if (key.endsWith('_per_s')) expect(value >= 0, `${key}=${value}`).toBe(true);
        }
      }
    } finally {
      tmp.cleanup();
    }
  });
});

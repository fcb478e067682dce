import { describe, expect, it } from 'vitest';
import { feed } from '../../lib/core/feed';

describe('a command fed on stdin', () => {
  it('gets its input whole and tells its status and stderr', async () => {
    // sh reads all of stdin, says how many bytes on stderr, and exits 3
    const input = 'x'.repeat(200_000);
    const ran = await feed('sh', ['-c', 'n=$(wc -c); echo "got $n" >&2; exit 3'], input, 10_000);
    expect(ran).toEqual({ code: 3, stderr: 'got 200000\n' });
  });

  it('is killed at its deadline, and says so', async () => {
    const ran = await feed('sleep', ['30'], '', 200);
    expect([ran.code, ran.failure]).toEqual([null, 'timed out after 200 ms']);
  });

  it('that is not installed is said in words', async () => {
    const ran = await feed('no-such-command-flightlog', [], 'x', 1000);
    expect(ran.failure).toBe('no-such-command-flightlog is not installed');
  });

  it('that ends without reading its input is told by its status, not by a broken pipe', async () => {
    expect(await feed('true', [], 'x'.repeat(1_000_000), 10_000)).toEqual({ code: 0, stderr: '' });
  });
});

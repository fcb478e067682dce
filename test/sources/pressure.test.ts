import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/core/errors';
import { parsePressure } from '../../lib/sources/pressure';

describe('/proc/pressure', () => {
  it('reads some and full totals in µs', () =>
    expect(
      parsePressure(
        'some avg10=0.24 avg60=1.31 avg300=0.51 total=2066065\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=7\n',
        'cpu',
      ),
    ).toEqual({ someUs: 2066065n, fullUs: 7n }));
  it('leaves full out when the kernel does not print it', () =>
    expect(parsePressure('some avg10=0.00 avg60=0.00 avg300=0.00 total=1\n', 'cpu')).toEqual({ someUs: 1n }));
  it('rejects a line without total', () => expect(() => parsePressure('some avg10=0.00\n', 'cpu')).toThrow(ParseError));
});

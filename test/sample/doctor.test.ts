import { describe, expect, it } from 'vitest';
import { ago } from '../../lib/sample/doctor';

describe('a time span in words', () => {
  it.each([
    [0, '0 s'],
    [89, '89 s'],
    [90, '2 min'],
    [600, '10 min'],
    [5399, '90 min'],
    [5400, '2 h'],
    [129_599, '36 h'],
    [129_600, '2 days'],
    [2_592_000, '30 days'],
  ])('%d s is %s', (s, words) => expect(ago(s)).toBe(words));
});

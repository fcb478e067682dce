import { expect, it } from 'vitest';
import { NumberList } from '../../lib/read/number-list';

it('keeps every number in the order it came, past each doubling', () => {
  const list = new NumberList();
  expect(list.length).toBe(0);
  expect([...list.all()]).toEqual([]);
  const numbers = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? -i / 4 : i * 1e12));
  for (const n of numbers) list.push(n);
  expect(list.length).toBe(100);
  expect([...list.all()]).toEqual(numbers);
});

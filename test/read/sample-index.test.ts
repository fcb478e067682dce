import { expect, it } from 'vitest';
import { type SampleId, SampleIndex } from '../../lib/read/sample-index';

const id = (host: string, pid: string, xid: number): SampleId => ({ host, pid, xid });

it('finds samples in time order, out of order, and two processes of one second, and takes out those done', () => {
  const index = new SampleIndex<SampleId>((s) => s);
  const inOrder = [id('a', '1', 100), id('a', '2', 100), id('a', '3', 200), id('b', '1', 100), id('a', '4', 300)];
  // a spool catching up (150 after 300), and a second process in that late second
  const late = [id('a', '5', 150), id('a', '6', 150)];
  for (const s of [...inOrder, ...late]) index.add(s);
  for (const s of [...inOrder, ...late]) expect(index.get(s.host, s.pid, s.xid)).toBe(s);
  expect(index.get('a', '9', 100)).toBeUndefined();
  expect(index.get('a', '1', 150)).toBeUndefined();
  expect(index.get('a', '1', 400)).toBeUndefined();
  expect(index.get('c', '1', 100)).toBeUndefined();
  // those before 150 are done: a's two of 100, b's, and nothing late
  const done = index.takeOut((s) => s.xid < 150);
  expect(done).toEqual([id('a', '1', 100), id('a', '2', 100), id('b', '1', 100)]);
  expect(index.get('a', '1', 100)).toBeUndefined();
  expect(index.get('a', '3', 200)).toEqual(id('a', '3', 200));
  expect(index.get('a', '6', 150)).toEqual(id('a', '6', 150));
  expect(index.takeOut(() => true)).toEqual([
    id('a', '3', 200),
    id('a', '4', 300),
    id('a', '5', 150),
    id('a', '6', 150),
  ]);
  expect(index.get('a', '3', 200)).toBeUndefined();
});

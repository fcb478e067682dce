import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect, it } from 'vitest';

/**
 * The floors of lib/, lowest first (docs/ARCHITECTURE.md): a room imports only from its own floor or
 * the floors below it. Arrows that point up (a room that needs a room above it) fail here.
 */
const FLOORS = [
  'core',
  'io',
  'format',
  'sources',
  'derive',
  'state',
  'events',
  'modules',
  'outputs',
  'config',
  'sample',
  'read',
  'plot',
  'replay',
  'cli',
];

const lib = join(__dirname, '..', 'lib');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

it('has every file of lib/ in a room of a known floor', () => {
  expect(
    files(lib)
      .map((f) => relative(lib, f).split('/')[0])
      .filter((room) => !FLOORS.includes(room as string)),
  ).toEqual([]);
});

it('has no arrow pointing up a floor', () => {
  const up: string[] = [];
  for (const file of files(lib)) {
    const room = relative(lib, file).split('/')[0] as string;
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const target = relative(lib, join(dirname(file), m[1] as string)).split('/')[0] as string;
      if (target === '..' || !FLOORS.includes(target)) continue; // package.json, beside lib
      if (FLOORS.indexOf(target) > FLOORS.indexOf(room)) up.push(`${relative(lib, file)} -> ${m[1]}`);
    }
  }
  expect(up).toEqual([]);
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { OUTPUT_NAMES, OUTPUTS } from '../../lib/outputs/registry';
import { configModules, manKeyList, modulesReference, readmeKeyTable } from '../../lib/modules/docs';

/**
 * The README's key table, the man page's list of keys and docs/MODULES.md are made from the module
 * registry. `npm run docs` (FLIGHTLOG_WRITE_DOCS=1) writes them; otherwise a file that differs fails.
 */
const repo = join(__dirname, '..', '..');
const write = process.env.FLIGHTLOG_WRITE_DOCS === '1';

/** The part of a file from the line that starts with `from` to the line that starts with `to` (exclusive). */
function region(file: string, from: string, to: string, made: string): void {
  const path = join(repo, file);
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(`\n${from}`) + 1;
  const end = text.indexOf(`\n${to}`, start) + 1;
  expect(start, `${file} has a line starting ${from}`).toBeGreaterThan(0);
  expect(end, `${file} has a line starting ${to} after it`).toBeGreaterThan(start);
  if (write) writeFileSync(path, `${text.slice(0, start)}${made}\n${text.slice(end)}`);
  else expect(text.slice(start, end), `${file} is as the registry makes it: npm run docs`).toBe(`${made}\n`);
}

it("has the README's key table as the registry makes it", () => {
  region('README.md', '| key | meaning |', '\nWhen a value cannot be computed', readmeKeyTable());
});

it("has the man page's keys as the registry makes it", () => {
  region('docs/flightlog.8.md', '* `run.*`:', '* *key*`.raw_`', manKeyList());
});

it("has etc/flightlog.yaml's modules as the registry makes them", () => {
  region('etc/flightlog.yaml', '#modules:', '\n# Signed lines', configModules());
});

it('has docs/MODULES.md as the registry makes it', () => {
  const path = join(repo, 'docs/MODULES.md');
  if (write) writeFileSync(path, modulesReference());
  else
    expect(readFileSync(path, 'utf8'), 'docs/MODULES.md is as the registry makes it: npm run docs').toBe(
      modulesReference(),
    );
});

it('names every output there is, in its order, wherever a list of the outputs is written', () => {
  const read = (file: string): string => readFileSync(join(repo, file), 'utf8').replace(/\s*\n\s*/g, ' ');
  const listed = OUTPUT_NAMES.map((n) => `\`${n}\``).join(', ');
  expect(read('README.md')).toContain(`\`--output LIST\`: any of ${listed}, comma-separated`);
  expect(read('docs/flightlog.8.md')).toContain(`Comma-separated outputs: ${listed}.`);
  expect(read('etc/flightlog.yaml')).toContain(
    `# Where samples go; several at once are allowed: ${OUTPUT_NAMES.join(' ')}`,
  );
  // which of them carry signatures, as the table says
  const names = (signed: boolean): string[] => OUTPUTS.filter((o) => o.signed === signed).map((o) => `\`${o.name}\``);
  const list = (words: string[]): string => `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  const said = /The lines of the (.+?) outputs are signed; (.+?) carry no signatures\./.exec(read('README.md'));
  expect(said?.slice(1)).toEqual([list(names(true)), list(names(false))]);
});

import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { writeMonth } from '../read/month';
import { flightlog } from './cli';

const tmp = tempDir('flpng');
afterAll(() => tmp.cleanup());

describe('a PNG where the npm module for it is not installed (the .deb)', () => {
  // the program as the package installs it: sbin/ and dist/, no node_modules
  const bare = join(tmp.dir, 'bare');
  mkdirSync(join(bare, 'sbin'), { recursive: true });
  cpSync(join(__dirname, '..', '..', 'sbin', 'flightlog'), join(bare, 'sbin', 'flightlog'));
  cpSync(join(__dirname, '..', '..', 'dist'), join(bare, 'dist'), { recursive: true });
  const logs = join(tmp.dir, 'logs');
  mkdirSync(logs);
  writeMonth(logs);

  it("comes from Debian's rsvg-convert, the size asked", async () => {
    const out = join(tmp.dir, 'month.png');
    const ran = await flightlog(
      ['plot', 'cpu.busy_pct', '--log', logs, '-o', out, '--width', '800', '--height', '400'],
      {},
      join(bare, 'sbin', 'flightlog'),
    );
    expect(ran.status, ran.stderr).toBe(0);
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([800, 400]);
  });

  it('without rsvg-convert either, is refused naming what to install; an SVG is still written', async () => {
    const ran = await flightlog(
      ['plot', 'cpu.busy_pct', '--log', logs, '-o', join(tmp.dir, 'none.png')],
      { PATH: '/nonexistent' },
      join(bare, 'sbin', 'flightlog'),
    );
    expect(ran.status).toBe(2);
    expect(ran.stderr).toBe(
      'flightlog: a PNG needs rsvg-convert or the @resvg/resvg-js module, and rsvg-convert is not installed; fix: apt install librsvg2-bin (or npm install -g @resvg/resvg-js), or write an .svg\n',
    );
    const svg = await flightlog(
      ['plot', 'cpu.busy_pct', '--log', logs, '-o', join(tmp.dir, 'month.svg')],
      { PATH: '/nonexistent' },
      join(bare, 'sbin', 'flightlog'),
    );
    expect(svg.status).toBe(0);
  });
});

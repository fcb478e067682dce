import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeEventLine } from '../../lib/format/line';
import type { Field } from '../../lib/core/sample';
import { logLines } from '../read/month';
import { tempDir } from '../helpers';
import { flightlog } from './cli';

/*
 * `report --html` opened by a real browser, Debian's Chromium, headless, from disk: two hosts over two
 * days, pi7 with a reboot (the boot before ended in under-voltage), an application's crash and an OOM kill.
 */
const T0 = 1_795_132_800; // 2026-11-20T00:00:00Z
let dir = '';
let cleanup = (): void => {};
beforeAll(() => {
  const tmp = tempDir('flhtml');
  dir = tmp.dir;
  cleanup = tmp.cleanup;
  const lines: string[] = [];
  for (let i = 0; i < 288; i++) {
    const xid = T0 + i * 600;
    for (const host of ['pi7', 'pi8']) {
      const boot = host === 'pi7' && i === 150;
      lines.push(...logLines(host, xid, [['run.v', 1], ...(boot ? [['run.boot', 'new'] as const] : []), ['run.missed', 0]], 100 + (boot ? 1 : 0)),
        ...logLines(host, xid, [['cpu.busy_pct', (i * 13) % 97], ['cpu.count', 4], ['mem.used_bytes', (1 + (i % 50) / 100) * 2 ** 30], ['mem.oom_kills_new', host === 'pi7' && i === 200 ? 1 : 0]], 100 + (boot ? 1 : 0)));
      const event = (pid: number, fields: Field[]): string => `${new Date(xid * 1000).toISOString()} ${host} flightlog[${pid}]: ${encodeEventLine(xid, fields)}`;
      if (boot) lines.push(event(101, [['event', 'boot'], ['reason', 'under_voltage']]));
      if (host === 'pi7' && i === 180) lines.push(event(100, [['event', 'crash'], ['name', 'myapp'], ['uid', 1000]]));
    }
  }
  writeFileSync(join(dir, 'flightlog.log'), `${lines.join('\n')}\n`);
});
afterAll(() => cleanup());

const CHROMIUM = '/usr/bin/chromium';
const chromium = (...args: string[]) => spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=5000', '--enable-logging=stderr', ...args], { encoding: 'utf8', timeout: 60_000 });

describe('report --html in a real browser', () => {
  it('is one self-contained page that draws every chart without a console error, with a host selector and the events', async () => {
    if (!existsSync(CHROMIUM)) throw new Error('chromium is not installed: apt-get install chromium');
    const page = join(dir, 'report.html');
    const ran = await flightlog(['report', '--log', dir, '--html', page], { TZ: 'UTC' });
    expect(ran.status, ran.stderr).toBe(0);
    const html = readFileSync(page, 'utf8');
    // nothing to fetch: no script, style or image from elsewhere (ECharts is inside a <script> of its own)
    const outside = html.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
    expect(outside.match(/<(script|link|img)[^>]*(src|href)=[^>]*>/gi)).toBeNull();
    expect(html.length).toBeGreaterThan(1_000_000);
    const dom = chromium('--dump-dom', `file://${page}`);
    expect(dom.status, dom.stderr).toBe(0);
    expect(dom.stderr).not.toMatch(/CONSOLE.*(Uncaught|Error)/);
    const status = /id="status" data-charts="(\d+)" data-points="(\d+)"/.exec(dom.stdout);
    // pi7, the first host: the cpu and mem charts, 288 samples each of cpu.busy_pct and mem.used_bytes
    // (mem.oom_kills_new, a count, is a mark on the time axis, not a line)
    expect(status?.slice(1).map(Number)).toEqual([2, 2 * 288]);
    expect(dom.stdout.match(/<option value="\d">(pi\d)<\/option>/g)).toEqual(['<option value="0">pi7</option>', '<option value="1">pi8</option>']);
    expect(dom.stdout).toContain('event=boot reason=under_voltage');
    expect(dom.stdout).toContain('event=crash name=myapp uid=1000');
    expect(dom.stdout).toContain('1 OOM kill(s)');
    // and it looks like charts: a screenshot with the series' blue where the first chart is
    const shot = join(dir, 'report.png');
    expect(chromium('--window-size=1200,1400', `--screenshot=${shot}`, `file://${page}`).status).toBe(0);
    const png = PNG.sync.read(readFileSync(shot));
    let blue = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 40 && png.data[i + 1]! > 90 && png.data[i + 1]! < 140 && png.data[i + 2]! > 150) blue++;
    expect(blue).toBeGreaterThan(1000);
  }, 120_000);
});

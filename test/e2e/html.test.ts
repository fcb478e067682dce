import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
      lines.push(
        ...logLines(
          host,
          xid,
          [['run.v', 1], ...(boot ? [['run.boot', 'new'] as const] : []), ['run.missed', 0]],
          100 + (boot ? 1 : 0),
        ),
        ...logLines(
          host,
          xid,
          [
            ['cpu.busy_pct', (i * 13) % 97],
            ['cpu.count', 4],
            ['mem.used_bytes', (1 + (i % 50) / 100) * 2 ** 30],
            ['mem.oom_kills_new', host === 'pi7' && i === 200 ? 1 : 0],
          ],
          100 + (boot ? 1 : 0),
        ),
      );
      const event = (pid: number, fields: Field[]): string =>
        `${new Date(xid * 1000).toISOString()} ${host} flightlog[${pid}]: ${encodeEventLine(xid, fields)}`;
      if (boot)
        lines.push(
          event(101, [
            ['event', 'boot'],
            ['reason', 'under_voltage'],
          ]),
        );
      if (host === 'pi7' && i === 180)
        lines.push(
          event(100, [
            ['event', 'crash'],
            ['name', 'myapp'],
            ['uid', 1000],
          ]),
        );
    }
  }
  writeFileSync(join(dir, 'flightlog.log'), `${lines.join('\n')}\n`);
});
afterAll(() => cleanup());

const CHROMIUM = '/usr/bin/chromium';
const chromium = (...args: string[]) =>
  spawnSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=5000', '--enable-logging=stderr', ...args],
    { encoding: 'utf8', timeout: 60_000 },
  );

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
    expect(dom.stdout.match(/<option value="\d">(pi\d)<\/option>/g)).toEqual([
      '<option value="0">pi7</option>',
      '<option value="1">pi8</option>',
    ]);
    expect(dom.stdout).toContain('event=boot reason=under_voltage');
    expect(dom.stdout).toContain('event=crash name=myapp uid=1000');
    expect(dom.stdout).toContain('1 OOM kill(s)');
    // and it looks like charts: a screenshot with the series' blue where the first chart is
    const shot = join(dir, 'report.png');
    expect(chromium('--window-size=1200,1400', `--screenshot=${shot}`, `file://${page}`).status).toBe(0);
    const png = PNG.sync.read(readFileSync(shot));
    let blue = 0;
    for (let i = 0; i < png.data.length; i += 4)
      if (png.data[i]! < 40 && png.data[i + 1]! > 90 && png.data[i + 1]! < 140 && png.data[i + 2]! > 150) blue++;
    expect(blue).toBeGreaterThan(1000);
  }, 120_000);

  it("over a fleet, opens on an overview of every host, worst first, whose figures are report's own", async () => {
    // 100 hosts over a day: each its own CPU level and two disks; node042 crashed, node077 lost two runs and later rebooted
    const fleet = join(dir, 'fleet');
    mkdirSync(fleet);
    const lines: string[] = [];
    for (let i = 0; i < 144; i++) {
      const xid = T0 + i * 600;
      for (let h = 0; h < 100; h++) {
        const host = `node${String(h).padStart(3, '0')}`;
        if (h === 77 && (i === 90 || i === 91)) continue;
        const boot = h === 77 && i === 120;
        lines.push(
          ...logLines(host, xid, [
            ['run.v', 1],
            ['run.missed', h === 77 && i === 92 ? 2 : 0],
            ...(boot ? [['run.boot', 'new'] as const] : []),
            ['cpu.busy_pct', ((i * 7 + h * 3) % 100) / (1 + (h % 4))],
            ['mem.used_pct', 20 + (h % 50) + (i % 7)],
            ['disk.sda.util_pct', (i * h) % 31],
            ['disk.sdb.util_pct', (i + h) % 17],
            ['net.eth0.rx_bytes_per_s', h * 1000 + i * 37],
            ['net.eth0.tx_bytes_per_s', 500],
            ['health.crashes_new', h === 42 && i === 100 ? 1 : 0],
            ['health.crashfree_s', h === 42 && i >= 100 ? (i - 100) * 600 : 360_000 + i * 600],
          ]),
        );
      }
    }
    writeFileSync(join(fleet, 'flightlog.log'), `${lines.join('\n')}\n`);
    const page = join(dir, 'fleet.html');
    const ran = await flightlog(['report', '--log', fleet, '--html', page], { TZ: 'UTC' });
    expect(ran.status, ran.stderr).toBe(0);
    const dom = chromium('--dump-dom', `file://${page}`);
    expect(dom.status, dom.stderr).toBe(0);
    expect(dom.stderr).not.toMatch(/CONSOLE.*(Uncaught|Error)/);
    const rows = [
      ...dom.stdout.matchAll(/<tr class="host[^"]*" data-index="\d+" data-host="(node\d+)">([\s\S]*?)<\/tr>/g),
    ];
    expect(rows.map((r) => r[1]).sort()).toEqual(
      Array.from({ length: 100 }, (_, h) => `node${String(h).padStart(3, '0')}`),
    );
    // worst first: the crash, then the reboot
    expect(rows.slice(0, 2).map((r) => r[1])).toEqual(['node042', 'node077']);
    const cell = (row: string, col: string): string =>
      (new RegExp(`<td data-col="${col}"[^>]*>([^<]*)`).exec(row) as RegExpExecArray)[1] as string;
    const worst = rows[1]![2]!;
    expect([cell(worst, 'samples'), cell(worst, 'missed'), cell(worst, 'reboots')]).toEqual([
      '142',
      '2',
      '1 (unknown 1)',
    ]);
    expect([cell(rows[0]![2]!, 'crashes'), cell(rows[0]![2]!, 'crashfree')]).toEqual(['1', '7.2']);
    // the first host opened is the worst, its charts drawn: CPU, disks, memory, network, and its time since a crash (which stepped back)
    expect(dom.stdout).toMatch(/<tr class="host current" data-index="42" data-host="node042">/);
    expect(dom.stdout).toMatch(/id="status" data-charts="5"/);
    // every figure of every row is what `report` prints for that host and key
    const text = await flightlog(['report', '--log', fleet], { TZ: 'UTC' });
    const reports = new Map(text.stdout.split(/\n(?=host )/).map((r) => [/^host (\S+):/.exec(r)?.[1], r]));
    for (const [, host, row] of rows) {
      const report = reports.get(host) as string;
      for (const [col, key] of [
        ['cpu', 'cpu\\.busy_pct'],
        ['mem', 'mem\\.used_pct'],
        ['disk', 'disk\\.sd[ab]\\.util_pct'],
        ['net', 'net\\.eth0\\.rx_bytes_per_s'],
      ] as const) {
        const named = new RegExp(`<td data-col="${col}_p95"[^>]*title="([^"]+)"`).exec(row as string)?.[1] as string;
        expect(named).toMatch(new RegExp(`^${key}$`));
        const figures = new RegExp(
          `\\n${named.replace(/\./g, '\\.')} +\\d+ +\\S+(?: \\S+/s| \\S+)? +\\S+(?: \\S+/s)? +(\\S+(?: \\S+/s)?) +(\\S+(?: \\S+/s)?) +`,
        ).exec(report);
        expect([cell(row as string, `${col}_p95`), cell(row as string, `${col}_max`)], `${host} ${named}`).toEqual([
          figures?.[1],
          figures?.[2],
        ]);
      }
    }
  }, 180_000);
});

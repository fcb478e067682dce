import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sample } from '../../lib/core/sample';
import { fileOutput } from '../../lib/outputs/file';
import { sampleJson } from '../../lib/outputs/json';
import { promOutput } from '../../lib/outputs/prom';
import { tempDir } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

// 1763886000.5 s is 2025-11-23T08:20:00.500Z
const sample = (xid: number, busy: number): Sample => ({
  xid,
  timeMs: xid * 1000 + 500,
  host: 'db1',
  modules: [
    {
      module: 'cpu',
      fields: [
        ['cpu.busy_pct', busy],
        ['cpu.0.busy_pct', 100],
      ],
    },
    { module: 'disk', fields: [['disk.error', 'torn line']] },
  ],
});

describe('file', () => {
  it("appends each sample's lines as rsyslog's default file format writes them, the file made 0640", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, 'flightlog.log');
    await fileOutput(path, 'flightlog').write([sample(1_763_886_000, 12.5), sample(1_763_886_600, 7)]);
    const head = (xid: number): string =>
      `${new Date(xid * 1000 + 500).toISOString()} db1 flightlog[${process.pid}]: xid=${xid}`;
    expect(readFileSync(path, 'utf8')).toBe(
      [
        `${head(1_763_886_000)} cpu.busy_pct=12.5 cpu.0.busy_pct=100`,
        `${head(1_763_886_000)} disk.error="torn line"`,
        `${head(1_763_886_600)} cpu.busy_pct=7 cpu.0.busy_pct=100`,
        `${head(1_763_886_600)} disk.error="torn line"`,
        '',
      ].join('\n'),
    );
    expect(new Date(1_763_886_000_500).toISOString()).toBe('2025-11-23T08:20:00.500Z');
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });
});

describe('prom', () => {
  it('holds the newest sample only, readable by node_exporter (0644), each HELP from the module registry', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    await promOutput(tmp.dir, join(tmp.dir, 'totals.json')).write([
      sample(1_763_886_000, 12.5),
      sample(1_763_886_600, 7),
    ]);
    const path = join(tmp.dir, 'flightlog.prom');
    expect(readFileSync(path, 'utf8')).toBe(
      [
        '# HELP flightlog_sample_time_seconds time of the sample (xid), epoch seconds',
        '# TYPE flightlog_sample_time_seconds gauge',
        'flightlog_sample_time_seconds 1763886600',
        '# HELP flightlog_cpu_busy_pct flightlog key cpu.busy_pct, %, rate: 100 − idle_pct − iowait_pct',
        '# TYPE flightlog_cpu_busy_pct gauge',
        'flightlog_cpu_busy_pct 7',
        '# HELP flightlog_cpu_subject_busy_pct flightlog key cpu.<N>.busy_pct, %, rate: as cpu.busy_pct, for CPU N (setting `per_cpu`)',
        '# TYPE flightlog_cpu_subject_busy_pct gauge',
        'flightlog_cpu_subject_busy_pct{subject="0"} 100',
        '# HELP flightlog_text_info a text value of the sample (a module error, a warning)',
        '# TYPE flightlog_text_info gauge',
        'flightlog_text_info{key="disk.error",value="torn line"} 1',
        '',
      ].join('\n'),
    );
    expect(statSync(path).mode & 0o777).toBe(0o644);
  });
});

describe('prom event counts', () => {
  const withOoms = (xid: number, kills: number, eth0: number): Sample => ({
    xid,
    timeMs: xid * 1000,
    host: 'db1',
    modules: [
      { module: 'mem', fields: [['mem.oom_kills_new', kills]] },
      { module: 'kmsg', fields: [['kmsg.oom_new', kills]] },
      { module: 'cgroup', fields: [['cgroup.db.oom_kills_new', eth0]] },
    ],
  });
  const metric = (text: string, name: string): string | undefined =>
    text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));

  it("are counters of every run's count, each sample added once, so that increase() is the true count", async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const prom = promOutput(tmp.dir, join(tmp.dir, 'spool', 'prom-totals.json'));
    const read = (): string => readFileSync(join(tmp.dir, 'flightlog.prom'), 'utf8');
    // runs with 5, 7 and 4 kills: the counter reads 5, 12, 16 however often it is scraped
    await prom.write([withOoms(100, 5, 1)]);
    expect(metric(read(), 'flightlog_mem_oom_kills_total')).toBe('flightlog_mem_oom_kills_total 5');
    await prom.write([withOoms(700, 7, 0)]);
    expect(read()).toContain('# TYPE flightlog_mem_oom_kills_total counter\nflightlog_mem_oom_kills_total 12\n');
    // a spooled sample sent again with the next one counts once
    await prom.write([withOoms(700, 7, 0), withOoms(1300, 4, 2)]);
    expect(metric(read(), 'flightlog_mem_oom_kills_total')).toBe('flightlog_mem_oom_kills_total 16');
    expect(metric(read(), 'flightlog_kmsg_oom_total')).toBe('flightlog_kmsg_oom_total 16');
    expect(metric(read(), 'flightlog_cgroup_oom_kills_total')).toBe('flightlog_cgroup_oom_kills_total{subject="db"} 3');
    // no gauge of a count that a scrape would add up again
    expect(read()).not.toMatch(/^flightlog_\w+_new[ {]/m);
  });
});

describe('json', () => {
  it('is one object per sample, with the keys of the lines and the time in ISO 8601', () => {
    expect(sampleJson(sample(1_763_886_000, 12.5))).toBe(
      '{"xid":1763886000,"time":"2025-11-23T08:20:00.500Z","host":"db1","values":{"cpu.busy_pct":12.5,"cpu.0.busy_pct":100,"disk.error":"torn line"},"events":[]}',
    );
  });
});

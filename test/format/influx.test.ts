import { describe, expect, it } from 'vitest';
import { sampleToLineProtocol } from '../../lib/format/influx';
import { sampleToProm } from '../../lib/format/prom';
import type { Sample } from '../../lib/core/sample';

const sample: Sample = {
  xid: 1763886000,
  timeMs: 1763886000123,
  host: 'pi 7',
  modules: [
    {
      module: 'run',
      fields: [
        ['run.v', 1],
        ['run.version', '0.1.0'],
        ['run.interval_s', 600.02],
      ],
    },
    {
      module: 'net',
      fields: [
        ['net.eth0.rx_bytes_per_s', 18234.5],
        ['net.eth0.up', 1],
        ['net.wlan0.reset', 1],
      ],
    },
    { module: 'disk', fields: [['disk.error', 'ParseError: "torn"\nline \\ x']] },
    { module: 'temp', fields: [['temp.cpu-thermal_c', 51.54]] },
  ],
};

describe('line protocol', () => {
  it('writes a point per module and subject, numbers as floats, text quoted', () => {
    expect(sampleToLineProtocol(sample)).toEqual([
      'run,host=pi\\ 7 v=1,version="0.1.0",interval_s=600.02 1763886000123000000',
      'net,host=pi\\ 7,subject=eth0 rx_bytes_per_s=18234.5,up=1 1763886000123000000',
      'net,host=pi\\ 7,subject=wlan0 reset=1 1763886000123000000',
      'disk,host=pi\\ 7 error="ParseError: \\"torn\\"\\nline \\\\ x" 1763886000123000000',
      'temp,host=pi\\ 7 cpu-thermal_c=51.54 1763886000123000000',
    ]);
  });

  it('keeps two events of one kind in one sample apart by a nanosecond each', () => {
    const withEvents: Sample = {
      ...sample,
      modules: [],
      events: [
        {
          module: 'app',
          fields: [
            ['event', 'crash'],
            ['name', 'a'],
          ],
        },
        {
          module: 'app',
          fields: [
            ['event', 'crash'],
            ['name', 'a'],
          ],
        },
      ],
    };
    // 1763886000.123 s = 1763886000123000000 ns; the second event one ns later
    expect(sampleToLineProtocol(withEvents)).toEqual([
      'event,host=pi\\ 7,module=app,kind=crash name="a" 1763886000123000000',
      'event,host=pi\\ 7,module=app,kind=crash name="a" 1763886000123000001',
    ]);
  });
});

describe('Prometheus text format', () => {
  it('writes gauges named after the keys, subjects as labels, text as an info metric, HELP with the unit', () => {
    expect(sampleToProm(sample)).toBe(
      [
        '# HELP flightlog_sample_time_seconds time of the sample (xid), epoch seconds',
        '# TYPE flightlog_sample_time_seconds gauge',
        'flightlog_sample_time_seconds 1763886000',
        "# HELP flightlog_run_v flightlog key run.v (a count or ratio; see the module's documentation)",
        '# TYPE flightlog_run_v gauge',
        'flightlog_run_v 1',
        '# HELP flightlog_text_info a text value of the sample (a module error, a warning)',
        '# TYPE flightlog_text_info gauge',
        'flightlog_text_info{key="run.version",value="0.1.0"} 1',
        'flightlog_text_info{key="disk.error",value="ParseError: \\"torn\\"\\nline \\\\ x"} 1',
        '# HELP flightlog_run_interval_s flightlog key run.interval_s, seconds',
        '# TYPE flightlog_run_interval_s gauge',
        'flightlog_run_interval_s 600.02',
        '# HELP flightlog_net_rx_bytes_per_s flightlog key net.<subject>.rx_bytes_per_s, bytes per second',
        '# TYPE flightlog_net_rx_bytes_per_s gauge',
        'flightlog_net_rx_bytes_per_s{subject="eth0"} 18234.5',
        "# HELP flightlog_net_up flightlog key net.<subject>.up (a count or ratio; see the module's documentation)",
        '# TYPE flightlog_net_up gauge',
        'flightlog_net_up{subject="eth0"} 1',
        '# HELP flightlog_net_subject_reset flightlog key net.<subject>.reset, 1 when the rates were left out this run (no baseline, counters restarted)',
        '# TYPE flightlog_net_subject_reset gauge',
        'flightlog_net_subject_reset{subject="wlan0"} 1',
        '# HELP flightlog_temp_cpu_thermal_c flightlog key temp.cpu-thermal_c, degrees Celsius',
        '# TYPE flightlog_temp_cpu_thermal_c gauge',
        'flightlog_temp_cpu_thermal_c 51.54',
        '',
      ].join('\n'),
    );
  });

  it('keeps the whole and its parts in metrics of their own, and raw counters as counters', () => {
    const cpu: Sample = {
      xid: 1,
      timeMs: 1000,
      host: 'h',
      modules: [
        {
          module: 'cpu',
          fields: [
            ['cpu.busy_pct', 25],
            ['cpu.raw_user', '18446744073709551615'],
            ['cpu.0.busy_pct', 50],
            ['cpu.1.busy_pct', 0],
            ['cpu.0.raw_user', '400'],
            ['cpu.1.raw_user', '600'],
          ],
        },
      ],
    };
    const text = sampleToProm(cpu);
    // sum(rate()) over the CPUs' own counter is the whole, never twice it
    expect(text).toContain(
      '# TYPE flightlog_cpu_subject_raw_user_total counter\nflightlog_cpu_subject_raw_user_total{subject="0"} 400\nflightlog_cpu_subject_raw_user_total{subject="1"} 600\n',
    );
    expect(text).toContain('# TYPE flightlog_cpu_busy_pct gauge\nflightlog_cpu_busy_pct 25\n');
    expect(text).toContain(
      '# TYPE flightlog_cpu_subject_busy_pct gauge\nflightlog_cpu_subject_busy_pct{subject="0"} 50\nflightlog_cpu_subject_busy_pct{subject="1"} 0\n',
    );
    expect(text).toContain(
      '# TYPE flightlog_cpu_raw_user_total counter\nflightlog_cpu_raw_user_total 18446744073709551615\n',
    );
    // line protocol: an integer field, left out past 2^63 − 1; JSON: a number
    expect(
      sampleToLineProtocol({
        ...cpu,
        modules: [
          {
            module: 'cpu',
            fields: [
              ['cpu.raw_user', '9223372036854775807'],
              ['cpu.raw_nice', '9223372036854775808'],
            ],
          },
        ],
      }),
    ).toEqual(['cpu,host=h raw_user=9223372036854775807i 1000000000']);
  });
});

import { describe, expect, it } from 'vitest';
import { ParseError } from '../../lib/core/errors';
import { parseFlatKeyed, parseIoStat } from '../../lib/sources/cgroup';
import { parseCoreName } from '../../lib/sources/coredump-name';
import { parseDcmiPower } from '../../lib/sources/ipmi-power';
import { parseMountinfo } from '../../lib/sources/mounts';
import { parseNvidiaSmi } from '../../lib/sources/nvidia-smi';
import { parseThrottled, parseVcgencmdClock, parseVcgencmdTemp } from '../../lib/sources/pi-throttled';
import { parseProcStat } from '../../lib/sources/proc-stat';
import { parseRpcNfs } from '../../lib/sources/rpc-nfs';
import { expandHostlist, parseQstat, parseSinfo, parseSqueue } from '../../lib/sources/scheduler';
import { onlineCpus } from '../../lib/sources/stat';

/*
 * The parsers of the kernel's and the helpers' formats, row by row: each format as the kernel or the
 * tool writes it, its older and newer variants, and the malformed lines that must be an error (a
 * ParseError naming the source) rather than a wrong number. The expected values are read off the
 * input by hand, from the format's documentation (proc(5), cgroup-v2.rst, the tools' manuals).
 */

describe('cgroup v2 flat keyed files (cpu.stat, memory.events)', () => {
  it.each([
    [
      'usage_usec 1000\nuser_usec 600\nsystem_usec 400\n',
      [
        ['usage_usec', 1000n],
        ['user_usec', 600n],
        ['system_usec', 400n],
      ],
    ],
    // memory.events of a kernel with oom_group_kill (5.13 and later): one more key, taken as any
    [
      'low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\noom_group_kill 0\n',
      [
        ['low', 0n],
        ['high', 0n],
        ['max', 12n],
        ['oom', 1n],
        ['oom_kill', 1n],
        ['oom_group_kill', 0n],
      ],
    ],
    // a counter past 2^53 stays exact
    ['usage_usec 18446744073709551615\n', [['usage_usec', 18_446_744_073_709_551_615n]]],
    ['', []],
  ])('%j', (text, entries) => {
    expect([...parseFlatKeyed(text, 'cpu.stat')]).toEqual(entries);
  });

  it.each(['usage_usec\n', 'usage_usec -5\n', 'usage_usec 1 2\n', 'usage usec 1\n'])('refuses %j', (text) => {
    expect(() => parseFlatKeyed(text, 'cpu.stat')).toThrow(ParseError);
  });
});

describe('cgroup v2 io.stat', () => {
  it.each([
    // two devices: the bytes summed (cgroup-v2.rst: "8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0")
    [
      '8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0\n253:0 rbytes=100 wbytes=200 rios=1 wios=2\n',
      1_459_300n,
      314_773_704n,
    ],
    ['', 0n, 0n],
    // a device line without bytes (only discards) adds nothing
    ['8:0 dbytes=4096 dios=1\n', 0n, 0n],
  ])('%j', (text, rbytes, wbytes) => {
    expect(parseIoStat(text)).toEqual({ rbytes, wbytes });
  });
});

describe('systemd-coredump file names', () => {
  const boot = '0123456789abcdef0123456789abcdef';
  it.each([
    [
      `core.myapp.1000.${boot}.4242.1763886000123456.zst`,
      { comm: 'myapp', uid: 1000, bootId: boot, pid: 4242, usec: 1_763_886_000_123_456n },
    ],
    // no compression suffix (Storage=external, Compress=no)
    [`core.sshd.0.${boot}.1.5`, { comm: 'sshd', uid: 0, bootId: boot, pid: 1, usec: 5n }],
    // a comm with a dot and a slash, escaped by coredump.c as \x2e and \x2f
    [`core.my\\x2eapp\\x2fx.1000.${boot}.77.99.xz`, { comm: 'my.app/x', uid: 1000, bootId: boot, pid: 77, usec: 99n }],
    // a comm with dots unescaped (older systemd) still ends at the uid
    [`core.a.b.1000.${boot}.7.8.lz4`, { comm: 'a.b', uid: 1000, bootId: boot, pid: 7, usec: 8n }],
    ['core.myapp.1000.nothex.4242.1.zst', undefined],
    [`core.myapp.uid.${boot}.1.2`, undefined],
    ['vmcore', undefined],
  ])('%s', (name, parsed) => {
    expect(parseCoreName(name)).toEqual(parsed);
  });
});

describe('ipmitool dcmi power reading', () => {
  it.each([
    [
      '    Instantaneous power reading:                   215 Watts\n    Minimum during sampling period:                  2 Watts\n',
      215,
    ],
    ['Instantaneous power reading: 97.5 Watts', 97.5],
    ['instantaneous power reading: 3 watts', 3],
  ])('%j', (text, watts) => {
    expect(parseDcmiPower(text)).toBe(watts);
  });

  it.each(['', 'Power reading not available', 'Instantaneous power reading: N/A Watts'])('refuses %j', (text) => {
    expect(() => parseDcmiPower(text)).toThrow(ParseError);
  });
});

describe('/proc/self/mountinfo', () => {
  it('reads each mount: the source and mount point unescaped, the type, options, device, root and super options', () => {
    const text = [
      // proc(5)'s example
      '36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue',
      // no optional fields; a mount point with a space (\040) and a tab (\011)
      '24 1 8:2 / /srv/my\\040disk\\011x rw,relatime - ext4 /dev/sda2 rw',
      // two optional fields
      '25 24 0:22 / /sys rw,nosuid shared:7 master:3 - sysfs sysfs rw',
      '',
    ].join('\n');
    expect(parseMountinfo(text)).toEqual([
      {
        device: '/dev/root',
        mountPoint: '/mnt/parent',
        type: 'ext3',
        options: ['rw', 'noatime'],
        devId: '98:0',
        root: '/mnt1',
        superOptions: ['rw', 'errors=continue'],
      },
      {
        device: '/dev/sda2',
        mountPoint: '/srv/my disk\tx',
        type: 'ext4',
        options: ['rw', 'relatime'],
        devId: '8:2',
        root: '/',
        superOptions: ['rw'],
      },
      {
        device: 'sysfs',
        mountPoint: '/sys',
        type: 'sysfs',
        options: ['rw', 'nosuid'],
        devId: '0:22',
        root: '/',
        superOptions: ['rw'],
      },
    ]);
  });

  it.each([
    '36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 ext3 /dev/root rw',
    '36 35 98 / / rw - ext4 /dev/sda1 rw',
    '36 35 98:0 / / rw -',
  ])('refuses %j', (line) => {
    expect(() => parseMountinfo(line)).toThrow(ParseError);
  });
});

describe('nvidia-smi --query-gpu … --format=csv,noheader,nounits', () => {
  it('reads one GPU a line, leaving out what the GPU does not report', () => {
    const text =
      '0, GPU-5a1b, 37, 12, 1024, 16384, 54, 71.35\n1, GPU-9c2d, [N/A], [Not Supported], 0, 8192, 40, [N/A]\n';
    expect(parseNvidiaSmi(text)).toEqual([
      {
        index: '0',
        uuid: 'GPU-5a1b',
        values: {
          'utilization.gpu': 37,
          'utilization.memory': 12,
          'memory.used': 1024,
          'memory.total': 16384,
          'temperature.gpu': 54,
          'power.draw': 71.35,
        },
      },
      { index: '1', uuid: 'GPU-9c2d', values: { 'memory.used': 0, 'memory.total': 8192, 'temperature.gpu': 40 } },
    ]);
    expect(parseNvidiaSmi('')).toEqual([]);
  });

  it.each([
    '0, GPU-5a1b, 37',
    'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.',
    'x, GPU, 1, 2, 3, 4, 5, 6',
  ])('refuses %j', (text) => {
    expect(() => parseNvidiaSmi(text)).toThrow(ParseError);
  });
});

describe('the Raspberry Pi firmware', () => {
  it.each([
    // vcgencmd: under-voltage now and since boot (bits 0 and 16), throttled since boot (bit 18)
    ['throttled=0x50005', 0x50005],
    ['throttled=0x0\n', 0],
    // sysfs get_throttled: hex without 0x
    ['50005', 0x50005],
    ['80000', 0x80000],
  ])('get_throttled %j', (text, word) => {
    expect(parseThrottled(text, 'vcgencmd get_throttled')).toBe(word);
  });

  it.each(['throttled=', 'VCHI initialization failed', 'throttled=0xZZ'])('refuses get_throttled %j', (text) => {
    expect(() => parseThrottled(text, 'vcgencmd get_throttled')).toThrow(ParseError);
  });

  it.each([
    ["temp=48.3'C\n", 48.3],
    ["temp=-5.0'C", -5],
    ['VCHI initialization failed', undefined],
  ])('measure_temp %j', (text, c) => {
    expect(parseVcgencmdTemp(text)).toBe(c);
  });

  it.each([
    ['frequency(48)=1500398464\n', 1_500_398_464],
    ['frequency(0)=0', 0],
    ['error=1 error_msg="Invalid clock"', undefined],
  ])('measure_clock arm %j', (text, hz) => {
    expect(parseVcgencmdClock(text)).toBe(hz);
  });
});

describe('/proc/<pid>/stat', () => {
  // fields (proc(5)): pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
  // utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss …
  const rest =
    'S 1 100 100 0 -1 4194560 500 0 2 0 1234 567 89 10 20 0 3 0 987654 123456789 2048 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0';
  it.each([
    ['4242 (bash) ', 'bash'],
    // a comm with spaces and parentheses ends at the last ')'
    ['4242 (my (odd) app) ', 'my (odd) app'],
    ['4242 () ', ''],
  ])('%j', (head, comm) => {
    expect(parseProcStat(`${head}${rest}\n`)).toEqual({
      pid: 4242,
      comm,
      ppid: 1,
      cpuTicks: 1234n + 567n,
      childUserTicks: 89n,
      childSystemTicks: 10n,
      threads: 3,
      startTicks: 987_654n,
      rssPages: 2048,
    });
  });

  it.each([
    '4242 (bash) S 1 100',
    '(bash) S 1',
    '4242 bash S 1 100 100 0 -1 4194560 500 0 2 0 x 567 89 10 20 0 3 0 987654 1 2048',
  ])('refuses %j', (text) => {
    expect(() => parseProcStat(text)).toThrow(ParseError);
  });
});

describe('/proc/net/rpc/nfs', () => {
  it("reads the RPC counters and each NFS version's procedure counts, the leading count left out", () => {
    const text = [
      'net 0 0 0 0',
      'rpc 1234 5 6',
      'proc3 22 0 10 20 30 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1',
      'proc4 3 7 8 9',
      '',
    ].join('\n');
    const parsed = parseRpcNfs(text);
    expect(parsed.rpc).toEqual({ calls: 1234n, retrans: 5n, authrefresh: 6n });
    expect(parsed.procs.get('proc3')).toEqual([0n, 10n, 20n, 30n, ...Array<bigint>(17).fill(0n), 1n]);
    expect(parsed.procs.get('proc4')).toEqual([7n, 8n, 9n]);
    // a kernel without the client's counters yet: no rpc line
    expect(parseRpcNfs('net 0 0 0 0\n')).toEqual({ procs: new Map() });
  });

  it.each(['rpc 1 2', 'rpc 1 2 x', 'proc3 3 1 2', 'proc4 2 1 2 3'])('refuses %j', (text) => {
    expect(() => parseRpcNfs(text)).toThrow(ParseError);
  });
});

describe('batch schedulers', () => {
  it.each([
    // Slurm 21–22: job_state a string; 23 and later: a list
    ['{"jobs":[{"job_state":"RUNNING"},{"job_state":"PENDING"},{"job_state":"COMPLETED"}]}', 1, 1],
    ['{"jobs":[{"job_state":["RUNNING"]},{"job_state":["PENDING","REQUEUED"]},{"job_state":["pending"]}]}', 1, 2],
    ['{"jobs":[]}', 0, 0],
  ])('squeue --json %s', (text, running, pending) => {
    expect(parseSqueue(text)).toEqual({ running, pending });
  });

  it.each(['', 'not json', '{"errors":[]}', '[1]'])('refuses squeue --json %j', (text) => {
    expect(() => parseSqueue(text)).toThrow(ParseError);
  });

  it('reads sinfo --json of Slurm 21–22 (nodes) and of 23 and later (sinfo groups, a node in two partitions once)', () => {
    const old =
      '{"nodes":[{"name":"n1","state":"idle","state_flags":["DRAIN"]},{"name":"n2","state":"allocated"},{"name":"n3","state":"down"}]}';
    expect(parseSinfo(old, 'n1.cluster.example')).toEqual({ nodes: 3, nodesDown: 2, nodeState: 'idle+drain' });
    const groups = JSON.stringify({
      sinfo: [
        { node: { state: ['IDLE'] }, nodes: { nodes: ['n[01-03]'] } },
        { node: { state: ['MIXED'] }, nodes: { nodes: ['n03', 'gpu1'] } },
        { node: { state: ['DOWN', 'NOT_RESPONDING'] }, nodes: { nodes: ['n[07,09]'] } },
      ],
    });
    expect(parseSinfo(groups, 'gpu1')).toEqual({ nodes: 6, nodesDown: 2, nodeState: 'mixed' });
    expect(parseSinfo(groups, 'login1')).toEqual({ nodes: 6, nodesDown: 2 });
    expect(() => parseSinfo('{"partitions":[]}', 'n1')).toThrow(ParseError);
  });

  it.each([
    ['node[01-03,07],gpu1', ['node01', 'node02', 'node03', 'node07', 'gpu1']],
    ['a1,b2', ['a1', 'b2']],
    ['r[8-10]x', ['r8x', 'r9x', 'r10x']],
  ])('expands the hostlist %j', (list, names) => {
    expect(expandHostlist(list)).toEqual(names);
  });

  it("reads qstat -xml of Grid Engine: jobs by state, queue instances by host, this host's state", () => {
    const xml = `<?xml version='1.0'?>
<job_info>
  <queue_info>
    <Queue-List><name>all.q@n1.example</name><state>d</state>
      <job_list state="running"><JB_job_number>1</JB_job_number><state>r</state></job_list>
    </Queue-List>
    <Queue-List><name>gpu.q@n1.example</name></Queue-List>
    <Queue-List><name>all.q@n2.example</name></Queue-List>
    <Queue-List><name>all.q@n3.example</name><state>au</state></Queue-List>
  </queue_info>
  <job_info><job_list state="pending"><JB_job_number>2</JB_job_number></job_list><job_list state="pending"><JB_job_number>3</JB_job_number></job_list></job_info>
</job_info>`;
    expect(parseQstat(xml, 'n1')).toEqual({ jobsRunning: 1, jobsPending: 2, nodes: 3, nodesDown: 2, nodeState: 'd' });
    expect(parseQstat(xml, 'n2.example')).toMatchObject({ nodeState: 'ok' });
    expect(() => parseQstat('error: commlib error', 'n1')).toThrow(ParseError);
  });
});

describe('the online CPUs of /proc/stat', () => {
  it.each([
    ['cpu  1 2 3 4\ncpu0 1 1 1 1\ncpu1 1 1 1 1\nintr 5\n', 2],
    // CPU 1 offline: its line is gone, the numbering keeps its hole
    ['cpu  1 2 3 4\ncpu0 1 1 1 1\ncpu2 1 1 1 1\ncpu3 1 1 1 1\n', 3],
    ['cpu  1 2 3 4\n', undefined],
    [undefined, undefined],
  ])('%j', (text, n) => {
    expect(onlineCpus(text)).toBe(n);
  });
});

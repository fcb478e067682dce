import { describe, expect, it } from 'vitest';
import { splitSyslogLine, syslogHeader } from '../../lib/read/syslog-line';

describe('splitSyslogLine', () => {
  it.each([
    [
      "rsyslog's default file format",
      '2026-11-23T09:16:24.637687+00:00 pi7 flightlog[4121]: xid=1 a.b=2',
      'pi7',
      '4121',
    ],
    ["flightlog's file output", '2026-11-23T09:16:24.637Z pi7 flightlog[4121]: xid=1 a.b=2', 'pi7', '4121'],
    ['the traditional format', 'Nov 23 09:16:24 pi7 flightlog[4121]: xid=1 a.b=2', 'pi7', '4121'],
    ['the traditional format, one-digit day', 'Nov  3 09:16:24 pi7 flightlog[4121]: xid=1 a.b=2', 'pi7', '4121'],
    ['a tag without a pid', 'Nov 23 09:16:24 pi7 flightlog: xid=1 a.b=2', 'pi7', ''],
    [
      'RFC 5424 with PRI',
      '<165>1 2026-11-23T09:16:24.637Z node-12.example.org flightlog 4121 - - xid=1 a.b=2',
      'node-12.example.org',
      '4121',
    ],
    [
      'RFC 5424 with structured data',
      '<165>1 2026-11-23T09:16:24Z h flightlog 4121 ID47 [exampleSDID@32473 iut="3" eventSource="App]"] xid=1 a.b=2',
      'h',
      '4121',
    ],
    ['RFC 5424 with a BOM', '1 2026-11-23T09:16:24Z h flightlog - - - \uFEFFxid=1 a.b=2', 'h', ''],
  ])('reads %s', (_case, line, host, pid) =>
    expect(splitSyslogLine(line)).toEqual({ host, pid, message: 'xid=1 a.b=2' }),
  );

  it.each([
    ['another program', 'Nov 23 09:16:24 pi7 CRON[811]: (root) CMD (flightlog sample)'],
    ['a program whose name starts the same', 'Nov 23 09:16:24 pi7 flightlogger[1]: xid=1 a.b=2'],
    ['junk', '\u0000\u0001 binary'],
    ['an empty line', ''],
  ])('leaves out %s', (_case, line) => expect(splitSyslogLine(line)).toBeUndefined());

  it('takes another ident when told', () =>
    expect(splitSyslogLine('Nov 23 09:16:24 pi7 fl[1]: xid=1', 'fl')?.message).toBe('xid=1'));

  it("reads rsyslog's default format by hand exactly as the traditional expression reads it", () => {
    // the grammar of the first line format, as one expression: the reference
    const reference = /^\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d) (\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?([\s\S]*)$/;
    const expected = (line: string): unknown => {
      const m = reference.exec(line);
      return m && m[2] === 'flightlog' ? { host: m[1], pid: m[3] ?? '', message: m[4] } : undefined;
    };
    const stamps = [
      '2026-11-23T09:16:24.637687+00:00',
      '2026-11-23T09:16:24Z',
      '2026-11-23T09:16:24-0530',
      '2026-11-23T09:16:24',
      '2026-11-23T09:16:24+00:0',
      '2026-11-23 09:16:24Z',
      '2026-11-23T:Z',
      '2026-1-23T09:16:24Z',
    ];
    const hosts = ['pi7', 'node-12.example.org', '', 'a\tb', 'ü', 'h\u00a0x', 'two  spaces'];
    const tags = [
      'flightlog[4121]:',
      'flightlog:',
      'flightlog[]:',
      'flightlog[41x]:',
      'flightlogger[1]:',
      'flightlog[4121]',
      'flightlog',
      'Flightlog:',
      'flightlog[4121]: ',
    ];
    const messages = [' xid=1 a.b=2', 'xid=1', '', ' ', ' x\u2028y', '  two'];
    let compared = 0;
    for (const stamp of stamps)
      for (const host of hosts)
        for (const tag of tags)
          for (const message of messages) {
            const line = `${stamp} ${host} ${tag}${message}`;
            expect(splitSyslogLine(line), JSON.stringify(line)).toEqual(expected(line));
            compared++;
          }
    expect(compared).toBe(8 * 7 * 9 * 6);
  });

  it('reads a line within a longer text, lending the strings of the line before', () => {
    const text =
      'junk\n2026-11-23T09:16:24Z pi7 flightlog[41]: xid=1 a.b=2\n2026-11-23T09:16:25Z pi7 flightlog[41]: xid=2\n';
    const first = syslogHeader(text, 5, 56);
    expect(first).toEqual({ host: 'pi7', pid: '41', at: 45 });
    expect(text.slice(first!.at, 56)).toBe('xid=1 a.b=2');
    const second = syslogHeader(text, 57, 102, 'flightlog', first);
    expect(text.slice(second!.at, 102)).toBe('xid=2');
    expect(second!.host).toBe(first!.host);
    // a line cut short of its tag by its end is no line of flightlog's, whatever follows the end
    expect(syslogHeader('2026-11-23T09:16:24Z pi7 flight\nlog[1]: xid=1', 0, 31)).toBeUndefined();
  });
});

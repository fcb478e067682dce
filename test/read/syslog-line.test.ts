import { describe, expect, it } from 'vitest';
import { splitSyslogLine } from '../../lib/read/syslog-line';

describe('splitSyslogLine', () => {
  it.each([
    ['rsyslog\'s default file format', '2026-11-23T09:16:24.637687+00:00 pi7 flightlog[4121]: xid=1 a.b=2', 'pi7', '4121'],
    ['flightlog\'s file output', '2026-11-23T09:16:24.637Z pi7 flightlog[4121]: xid=1 a.b=2', 'pi7', '4121'],
    ['the traditional format', 'Nov 23 09:16:24 pi7 flightlog[4121]: xid=1 a.b=2', 'pi7', '4121'],
    ['the traditional format, one-digit day', 'Nov  3 09:16:24 pi7 flightlog[4121]: xid=1 a.b=2', 'pi7', '4121'],
    ['a tag without a pid', 'Nov 23 09:16:24 pi7 flightlog: xid=1 a.b=2', 'pi7', ''],
    ['RFC 5424 with PRI', '<165>1 2026-11-23T09:16:24.637Z node-12.example.org flightlog 4121 - - xid=1 a.b=2', 'node-12.example.org', '4121'],
    ['RFC 5424 with structured data', '<165>1 2026-11-23T09:16:24Z h flightlog 4121 ID47 [exampleSDID@32473 iut="3" eventSource="App]"] xid=1 a.b=2', 'h', '4121'],
    ['RFC 5424 with a BOM', '1 2026-11-23T09:16:24Z h flightlog - - - \uFEFFxid=1 a.b=2', 'h', ''],
  ])('reads %s', (_case, line, host, pid) => expect(splitSyslogLine(line)).toEqual({ host, pid, message: 'xid=1 a.b=2' }));

  it.each([
    ['another program', 'Nov 23 09:16:24 pi7 CRON[811]: (root) CMD (flightlog sample)'],
    ['a program whose name starts the same', 'Nov 23 09:16:24 pi7 flightlogger[1]: xid=1 a.b=2'],
    ['junk', '\u0000\u0001 binary'],
    ['an empty line', ''],
  ])('leaves out %s', (_case, line) => expect(splitSyslogLine(line)).toBeUndefined());

  it('takes another ident when told', () => expect(splitSyslogLine('Nov 23 09:16:24 pi7 fl[1]: xid=1', 'fl')?.message).toBe('xid=1'));
});

/**
 * Finds flightlog's message in one line of a log file, whatever wrote the file:
 * - rsyslog's default file format and flightlog's `file` output:  2026-11-23T09:16:24.637687+00:00 host flightlog[4121]: xid=…
 * - the traditional BSD format (RSYSLOG_TraditionalFileFormat):    Nov 23 09:16:24 host flightlog[4121]: xid=…
 * - RFC 5424 (RSYSLOG_SyslogProtocol23Format, remote receivers):   <189>1 2026-11-23T09:16:24.637Z host flightlog 4121 - - xid=…
 * Lines of other programs, and lines whose tag is not the ident, give undefined.
 */
export interface LogLine {
  readonly host: string;
  /** the writing process (the tag's [pid], RFC 5424's PROCID); '' where the line has none */
  readonly pid: string;
  readonly message: string;
}

const BSD = /^(?:\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?(.*)$/;
const RFC5424 = /^(?:<\d{1,3}>)?1 \S+ (\S+) (\S+) (\S+) \S+ (?:-|(?:\[(?:[^\]"\\]|\\.|"(?:[^"\\]|\\.)*")*\])+) ?(?:\uFEFF)?(.*)$/;

export function splitSyslogLine(line: string, ident = 'flightlog'): LogLine | undefined {
  const bsd = BSD.exec(line);
  if (bsd) return bsd[2] === ident ? { host: bsd[1] as string, pid: bsd[3] ?? '', message: bsd[4] as string } : undefined;
  const rfc = RFC5424.exec(line);
  if (rfc) return rfc[2] === ident ? { host: rfc[1] as string, pid: rfc[3] === '-' ? '' : (rfc[3] as string), message: rfc[4] as string } : undefined;
  return undefined;
}

import { own } from '../core/own';
import { isDigit } from '../format/parse';

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

/** A line's host and process, and where its message starts, without a string of the message. */
export interface LogHeader {
  readonly host: string;
  readonly pid: string;
  /** the index of the message's first character */
  readonly at: number;
}

const BSD =
  /^(?:\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d) (\S+) ([^\s:[]+)(?:\[(\d+)\])?: ?([\s\S]*)$/;
const RFC5424 =
  /^(?:<\d{1,3}>)?1 \S+ (\S+) (\S+) (\S+) \S+ (?:-|(?:\[(?:[^\]"\\]|\\.|"(?:[^"\\]|\\.)*")*\])+) ?(?:\uFEFF)?([\s\S]*)$/;

export function splitSyslogLine(line: string, ident = 'flightlog'): LogLine | undefined {
  const header = syslogHeader(line, 0, line.length, ident);
  return header && { host: header.host, pid: header.pid, message: line.slice(header.at) };
}

/** Whether an ident can be a BSD tag: what the fast path below compares with (asked once an ident). */
let lastTag: { ident: string; is: boolean } | undefined;
function isTag(ident: string): boolean {
  if (lastTag?.ident !== ident) lastTag = { ident, is: /^[^\s:[]+$/.test(ident) };
  return lastTag.is;
}

/**
 * The header of the line text[start, end). rsyslog's default format is read by hand, as most lines of
 * most logs are in it: a character at a time, to the same result as BSD below; other formats by the
 * expressions. The header of the line before, when given, lends its strings to a line of the same
 * host and process (one string a host, not one a line).
 */
export function syslogHeader(
  text: string,
  start: number,
  end: number,
  ident = 'flightlog',
  before?: LogHeader,
): LogHeader | undefined {
  const zoneEnd = isoTimestampEnd(text, start, end);
  if (zoneEnd !== -1 && isTag(ident)) return isoHeader(text, zoneEnd, end, ident, before);
  const line = start === 0 && end === text.length ? text : text.slice(start, end);
  const bsd = BSD.exec(line);
  if (bsd)
    return bsd[2] === ident
      ? { host: own(bsd[1] as string), pid: bsd[3] ?? '', at: end - (bsd[4] as string).length }
      : undefined;
  const rfc = RFC5424.exec(line);
  if (rfc)
    return rfc[2] === ident
      ? {
          host: own(rfc[1] as string),
          pid: rfc[3] === '-' ? '' : own(rfc[3] as string),
          at: end - (rfc[4] as string).length,
        }
      : undefined;
  return undefined;
}

const digitsAt = (text: string, i: number, n: number): boolean => {
  for (let j = i; j < i + n; j++) if (!isDigit(text.charCodeAt(j))) return false;
  return true;
};

/**
 * Where an ISO 8601 timestamp with its zone (`2026-11-23T09:16:24.637687+00:00`, `…Z`) that starts the
 * line ends, at the space after it; -1 where the line does not start with one.
 */
function isoTimestampEnd(text: string, start: number, end: number): number {
  if (
    end - start < 20 ||
    !digitsAt(text, start, 4) ||
    text.charCodeAt(start + 4) !== 45 ||
    !digitsAt(text, start + 5, 2) ||
    text.charCodeAt(start + 7) !== 45 ||
    !digitsAt(text, start + 8, 2) ||
    text.charCodeAt(start + 10) !== 84
  )
    return -1;
  let i = start + 11;
  for (let c = text.charCodeAt(i); isDigit(c) || c === 58 || c === 46; c = text.charCodeAt(++i));
  if (i === start + 11) return -1;
  const zone = text.charCodeAt(i);
  if (zone === 90) i++;
  else if (zone === 43 || zone === 45) {
    if (!digitsAt(text, i + 1, 2)) return -1;
    i += text.charCodeAt(i + 3) === 58 ? 4 : 3;
    if (!digitsAt(text, i, 2)) return -1;
    i += 2;
  } else return -1;
  return i < end && text.charCodeAt(i) === 32 ? i : -1;
}

/** Whitespace as `\s` has it, for the characters a host or tag may not hold. */
const isSpace = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && /\s/.test(String.fromCharCode(c)));

/** The rest of a line after its ISO timestamp: ` host tag[pid]: message`, as BSD reads it. */
function isoHeader(
  text: string,
  at: number,
  end: number,
  ident: string,
  before: LogHeader | undefined,
): LogHeader | undefined {
  const hostStart = at + 1;
  let i = hostStart;
  while (i < end && !isSpace(text.charCodeAt(i))) i++;
  if (i === hostStart || i >= end || text.charCodeAt(i) !== 32) return undefined;
  const host = same(text.slice(hostStart, i), before?.host);
  const tag = i + 1;
  if (text.slice(tag, tag + ident.length) !== ident || tag + ident.length > end) return undefined;
  i = tag + ident.length;
  let pid = '';
  if (text.charCodeAt(i) === 91) {
    const pidStart = i + 1;
    for (i = pidStart; isDigit(text.charCodeAt(i)); i++);
    if (i === pidStart || text.charCodeAt(i) !== 93) return undefined;
    pid = same(text.slice(pidStart, i), before?.pid);
    i++;
  }
  if (i >= end || text.charCodeAt(i) !== 58) return undefined;
  i++;
  if (i < end && text.charCodeAt(i) === 32) i++;
  return { host, pid, at: i };
}

/**
 * The string of the line before where it is the same text (its hash is taken already where a map looks
 * it up), else one of its own (lib/core/own.ts).
 */
const same = (text: string, before: string | undefined): string => (text === before ? before : own(text));

import { hostLabel } from './subject';
import { sampleLines } from './sample-lines';
import type { Sample } from '../core/sample';

/**
 * A sample's lines as the `file` and `stdout` outputs write them: rsyslog's default file format, so the
 * readers treat every log alike: `<ISO 8601 time> <host> <ident>[<pid>]: xid=… key=value …`.
 */
export const textLines = (sample: Sample, ident: string, pid: number): string[] => {
  // a spooled sample from an older version may hold any host name: it is made one word here too
  const head = `${new Date(sample.timeMs).toISOString()} ${hostLabel(sample.host)} ${ident}[${pid}]: `;
  return sampleLines(sample).map((line) => head + line);
};

import { sampleLines, type Sample } from '../sample/types';

/**
 * A sample's lines as the `file` and `stdout` outputs write them: rsyslog's default file format, so the
 * readers treat every log alike: `<ISO 8601 time> <host> <ident>[<pid>]: xid=… key=value …`.
 */
export const textLines = (sample: Sample, ident: string, pid: number): string[] => {
  const head = `${new Date(sample.timeMs).toISOString()} ${sample.host} ${ident}[${pid}]: `;
  return sampleLines(sample).map((line) => head + line);
};

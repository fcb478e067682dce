import type { Sample } from '../core/sample';
import { encodeEventLine, encodeLines, MAX_LINE_BYTES, SIGNATURE_BYTES } from './line';

/** The longest line before its signature: a signed line, ` sig=…` included, stays within MAX_LINE_BYTES. */
export const SIGNED_LINE_BYTES = MAX_LINE_BYTES - SIGNATURE_BYTES;

/** The sample's lines, none over `maxBytes`, without signatures. */
export const unsignedLines = (sample: Sample, maxBytes = MAX_LINE_BYTES): string[] => [
  ...sample.modules.flatMap((m) => encodeLines(sample.xid, m.fields, maxBytes)),
  ...(sample.events ?? []).map((e) => encodeEventLine(sample.xid, e.fields, maxBytes)),
];

/** The lines of a sample that an output has yet to take: all but the `linesSent` it took before. */
export const linesToSend = (sample: Sample): string[] => sampleLines(sample).slice(sample.linesSent ?? 0);

/** The sample as text lines (`xid=… key=value …`): one or more per module, none over 1024 bytes; signed ones end in ` sig=…`. */
export const sampleLines = (sample: Sample): string[] => {
  const { signatures } = sample;
  if (signatures === undefined) return unsignedLines(sample);
  return unsignedLines(sample, SIGNED_LINE_BYTES).map((line, i) => `${line} sig=${signatures[i] ?? ''}`);
};

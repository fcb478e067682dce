import { ParseError } from '../core/errors';

/** Watts from `ipmitool dcmi power reading` ("Instantaneous power reading:   215 Watts"). */
export function parseDcmiPower(text: string): number {
  const m = /Instantaneous power reading:\s*(\d+(?:\.\d+)?)\s*Watts/i.exec(text);
  if (m === null)
    throw new ParseError(
      'ipmitool dcmi power reading',
      text.split('\n')[0] ?? '',
      'expected "Instantaneous power reading: N Watts"',
    );
  return Number(m[1]);
}

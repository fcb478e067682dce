import { createHash, createHmac } from 'node:crypto';

/**
 * Signed lines: each line of a host ends in `sig=<key id>:<seq>:<mac>`, where
 *   key id = the first 8 hex digits of SHA-256(key): which key signed it
 *   seq    = the line's number in its chain, from 0
 *   mac    = HMAC-SHA256(key, <mac of the line before> "\n" <seq> "\n" <the line without its sig>),
 *            its first 32 hex digits (128 bits); the line before a chain's first has the mac ""
 * so a line cannot be changed, dropped, added or moved without `flightlog verify` seeing it. A chain
 * starts anew (seq 0) on the first run, after a reboot and with a new key.
 */
export interface SignChain {
  readonly keyId: string;
  readonly seq: number;
  readonly mac: string;
}

export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

export const macOf = (key: Buffer, previousMac: string, seq: number, line: string): string =>
  createHmac('sha256', key).update(`${previousMac}\n${seq}\n${line}`).digest('hex').slice(0, 32);

/** Signs lines in order, going on from `chain` (undefined: a new chain); returns their sig values and where the chain ends. */
export function signLines(
  lines: readonly string[],
  key: Buffer,
  chain: SignChain | undefined,
): { signatures: string[]; chain: SignChain } {
  const keyId = keyIdOf(key);
  let seq = chain === undefined ? -1 : chain.seq;
  let mac = chain === undefined ? '' : chain.mac;
  const signatures = lines.map((line) => {
    seq += 1;
    mac = macOf(key, mac, seq, line);
    return `${keyId}:${seq}:${mac}`;
  });
  return { signatures, chain: { keyId, seq, mac } };
}

/** `sig=…` at the end of a message: the message without it, and its parts. */
export function splitSignature(message: string): { line: string; keyId: string; seq: number; mac: string } | undefined {
  const m = / sig=([0-9a-f]{8}):(\d{1,10}):([0-9a-f]{32})$/.exec(message);
  return m === null
    ? undefined
    : { line: message.slice(0, m.index), keyId: m[1] as string, seq: Number(m[2]), mac: m[3] as string };
}

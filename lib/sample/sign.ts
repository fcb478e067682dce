import type { Sample } from '../core/sample';
import { SIGNED_LINE_BYTES, unsignedLines } from '../format/sample-lines';
import type { SignChain } from '../format/sign';

/**
 * Signs every line of a sample (`sig=`, lib/format/sign.ts). The chain goes on from `chain` when it was
 * made with the same key (the caller passes it only within a boot); else it starts anew (seq 0), and
 * verify says why.
 */
export async function signSample(
  sample: Sample,
  key: Buffer,
  chain: SignChain | undefined,
): Promise<{ readonly sample: Sample; readonly chain: SignChain }> {
  const { keyIdOf, signLines } = await import('../format/sign');
  const goesOn = chain !== undefined && chain.keyId === keyIdOf(key);
  const signed = signLines(unsignedLines(sample, SIGNED_LINE_BYTES), key, goesOn ? chain : undefined);
  return { sample: { ...sample, signatures: signed.signatures }, chain: signed.chain };
}

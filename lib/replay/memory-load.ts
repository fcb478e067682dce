import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const CHUNK = 4 * 1024 * 1024;

/**
 * Holds a given amount of memory, resident: 4 MiB buffers, zero-filled (every page touched). Shrinking
 * drops buffers and asks V8 to collect them at once, so the memory really goes back.
 */
export class MemoryLoad {
  private readonly chunks: Buffer[] = [];
  private readonly gc: () => void;

  constructor() {
    setFlagsFromString('--expose-gc');
    this.gc = runInNewContext('gc') as () => void;
  }

  setBytes(bytes: number): void {
    const want = Math.max(0, Math.round(bytes / CHUNK));
    while (this.chunks.length < want) this.chunks.push(Buffer.alloc(CHUNK, 1));
    if (this.chunks.length > want) {
      this.chunks.length = want;
      this.gc();
    }
  }

  get bytes(): number {
    return this.chunks.length * CHUNK;
  }

  release(): void {
    this.setBytes(0);
  }
}

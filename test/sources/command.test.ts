import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { onPath } from '../../lib/sources/command';
import { tempDir } from '../helpers';

let cleanup = (): void => {};
afterEach(() => cleanup());

describe('onPath', () => {
  it('finds a command as execvp does: a path as it is, a name on PATH, an executable file only', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const tool = join(tmp.dir, 'tool');
    writeFileSync(tool, '#!/bin/sh\n');
    expect(onPath('tool', tmp.dir)).toBe(false);
    chmodSync(tool, 0o755);
    expect(onPath('tool', `/nonexistent:${tmp.dir}`)).toBe(true);
    expect(onPath(tool, '')).toBe(true);
    expect(onPath('tool', '/nonexistent')).toBe(false);
    // a directory is not a command
    mkdirSync(join(tmp.dir, 'sub'));
    expect(onPath('sub', tmp.dir)).toBe(false);
    expect(onPath('', tmp.dir)).toBe(false);
  });
});

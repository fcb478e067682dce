import { createRequire, syncBuiltinESMExports } from 'node:module';

/*
 * The fast tier spawns no process (vitest.config.mts): pure functions and fixture trees only. Every way
 * to start one throws here, so a test that needs one says which tier it belongs to instead of slowing
 * the fast one down.
 */
const childProcess = createRequire(import.meta.url)('node:child_process') as Record<string, unknown>;
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  childProcess[name] = () => {
    throw new Error(
      `${name}: the fast tier starts no process; a test that needs one goes in the integration tier (INTEGRATION in vitest.config.mts)`,
    );
  };
}
syncBuiltinESMExports();

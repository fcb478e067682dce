import { runSample } from '../lib/sample/run';
import type { FsStats } from '../lib/sources/read';
import { fakeStatfs, fixtureRoot, linesOf, memoryOutput, tempDir, testConfig } from './helpers';

/** The wall clock of every step of a scenario: its lines start `xid=1763886000`. */
export const SCENARIO_XID = 1_763_886_000;

/**
 * Runs the steps of a fixture scenario (test/fixtures/<name>/<step>/) in order against one state file,
 * the given modules alone (the event modules and health have tests of their own), with a fixed clock;
 * returns each step's lines without `xid=… `.
 */
export async function runScenario(
  name: string,
  steps: readonly string[],
  modules: readonly string[],
  statfs?: Record<string, FsStats | Error>,
): Promise<string[][]> {
  const tmp = tempDir();
  try {
    const out: string[][] = [];
    for (const step of steps) {
      const root = fixtureRoot(name, step);
      const sink = memoryOutput();
      await runSample({
        config: testConfig(tmp.dir, { modules: { health: false } }),
        root,
        outputs: [sink],
        version: '0.1.0',
        modules,
        eventModules: [],
        now: () => SCENARIO_XID * 1000,
        elapsedMs: () => 7,
        warn: () => {},
        ...(statfs ? { statfs: fakeStatfs(root, statfs) } : {}),
      });
      out.push(linesOf(sink.samples[0]!).map((l) => l.slice(`xid=${SCENARIO_XID} `.length)));
    }
    return out;
  } finally {
    tmp.cleanup();
  }
}

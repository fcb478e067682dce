import { defineConfig } from 'vitest/config';

/**
 * The test tiers, by cost. fast: pure functions and fixture trees, no process started (test/no-spawn.ts
 * holds it), under a minute on one core; integration: the program run as a command, signals, sockets,
 * helper processes; e2e: real servers (rsyslogd, Mosquitto, InfluxDB), packages and Chromium.
 * `npm test` runs all three; `npm run test:fast` the first. A fourth, arm (test/arm/), installs the
 * .deb into Debian roots of the ARM architectures under qemu: `npm run test:arm`, run by CI once.
 */
const INTEGRATION = [
  'test/sample/faults.test.ts', 'test/sample/raw.test.ts', 'test/outputs/syslog-congestion.test.ts', 'test/read/plot.test.ts',
  'test/read/report.test.ts', 'test/read/month.test.ts', 'test/read/lines.test.ts', 'test/state/shutdown.test.ts', 'test/state/store.test.ts',
  'test/modules/checks.test.ts', 'test/modules/registry.test.ts', 'test/core/feed.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // end-to-end tests start daemons: keep files from competing for the two cores
    fileParallelism: false,
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', 'test/arm/**', ...INTEGRATION], setupFiles: ['test/no-spawn.ts'] } },
      { extends: true, test: { name: 'integration', include: INTEGRATION } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
      // the .deb in Debian 12 arm64 and armhf roots under qemu: npm run test:arm, not part of npm test
      { extends: true, test: { name: 'arm', include: ['test/arm/**/*.test.ts'] } },
    ],
  },
});

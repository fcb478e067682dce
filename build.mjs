// Bundles lib/cli/main.ts and everything it uses into one CommonJS file, dist/flightlog.js: one file to
// read and compile at start-up instead of hundreds. unix-dgram is a native module and stays outside.
import { build } from 'esbuild';

await build({
  entryPoints: ['lib/cli/main.ts'],
  outfile: 'dist/flightlog.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  external: ['unix-dgram'],
  logLevel: 'warning',
});

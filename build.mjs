// Bundles the program into dist/: flightlog.js holds everything the default run (sample to syslog)
// uses, so start-up reads and compiles one file; libraries that only some runs need (the YAML parser
// for a config file, execa for the logger(1) fallback, ECharts for plot, MQTT.js) are bundled apart and loaded
// when first used.
// unix-dgram and @resvg/resvg-js are native modules and stay outside, in node_modules.
import { copyFileSync } from 'node:fs';
import { build } from 'esbuild';


const common = {
  bundle: true,
  platform: 'node',
  // Node 18 is what Debian 12 and Ubuntu 24.04 ship: syntax is lowered for it (built-in methods are not: none newer is used)
  target: 'node18',
  format: 'cjs',
  minify: process.env.FLIGHTLOG_NO_MINIFY === undefined,
  charset: 'ascii',
  // winston's diagnostics module sets up a debug logger on stderr unless NODE_ENV is production
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
};
const apart = { yaml: 'vendor-yaml.js', execa: 'vendor-execa.js', echarts: 'vendor-echarts.js', mqtt: 'vendor-mqtt.js' };

await build({
  ...common,
  entryPoints: ['lib/cli/main.ts'],
  outfile: 'dist/flightlog.js',
  external: ['unix-dgram', '@resvg/resvg-js'],
  plugins: [{
    name: 'load-apart',
    // `import('yaml')` becomes a small module that requires ./vendor-yaml.js from dist/ when it runs
    setup(b) {
      b.onResolve({ filter: /^(yaml|execa|echarts|mqtt)$/ }, (args) => ({ path: args.path, namespace: 'apart' }));
      b.onLoad({ filter: /.*/, namespace: 'apart' }, (args) => ({ contents: `module.exports = require('./${apart[args.path]}');`, loader: 'js' }));
      b.onResolve({ filter: /^\.\/vendor-/ }, (args) => ({ path: args.path, external: true }));
    },
  }, {
    name: 'lazy-sockets',
    // winston-syslog requires dgram, net and tls at its top for its UDP and TCP modes, which flightlog
    // never uses (its own sender does remote syslog): loading them, and crypto with tls, would cost every
    // run milliseconds. Inside winston-syslog they become proxies that load the module on first use.
    setup(b) {
      b.onResolve({ filter: /^(dgram|net|tls)$/ }, (args) => (/winston-syslog/.test(args.importer) ? { path: args.path, namespace: 'lazy-socket' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'lazy-socket' }, (args) => ({
        contents: `let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:${args.path}'))[k] });`,
        loader: 'js',
      }));
    },
  }],
});
// the browser's ECharts, for the pages of `report --html` (which carry it inside: no network needed)
copyFileSync('node_modules/echarts/dist/echarts.min.js', 'dist/echarts.min.js');
await Promise.all(Object.entries(apart).map(([pkg, out]) => build({
  ...common,
  stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: '.', loader: 'js' },
  outfile: `dist/${out}`,
})));

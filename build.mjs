// Bundles the program into dist/: sample.js holds what cron's plain `flightlog sample` runs and nothing
// else (lib/cli/sample-main.ts), so a sample reads and compiles only its own code; flightlog.js holds
// every command (lib/cli/main.ts). Libraries that only some runs need (the YAML parser for a config
// file, execa for the logger(1) fallback, ECharts for plot, MQTT.js) are bundled apart and loaded when
// first used.
// unix-dgram and @resvg/resvg-js are native modules and stay outside, in node_modules.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const installed = (name) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
};

const common = {
  bundle: true,
  platform: 'node',
  // Node 18 is what Debian 12 and Ubuntu 24.04 ship: syntax is lowered for it (built-in methods are not: none newer is used)
  target: 'node18',
  format: 'cjs',
  minify: process.env.FLIGHTLOG_NO_MINIFY === undefined,
  charset: 'ascii',
  // winston's diagnostics module sets up a debug logger on stderr unless NODE_ENV is production;
  // readable-stream would hand over to Node's own streams where READABLE_STREAM=disable: the bundle keeps its copy
  define: { 'process.env.NODE_ENV': '"production"', 'process.env.READABLE_STREAM': 'undefined' },
  logLevel: 'warning',
};
const apart = {
  yaml: 'vendor-yaml.js',
  execa: 'vendor-execa.js',
  echarts: 'vendor-echarts.js',
  mqtt: 'vendor-mqtt.js',
};

const program = {
  ...common,
  // unix-dgram's JavaScript is bundled (see the unix-dgram-direct plugin); its compiled part and resvg stay outside
  // unix-dgram is optional (winston-syslog's): where npm dropped it (no compiler, install scripts off) the
  // bundle requires it at run time, finds nothing, and the syslog output goes through logger(1)
  external: [
    '@resvg/resvg-js',
    'unix-dgram/build/Release/unix_dgram.node',
    ...(installed('unix-dgram') ? [] : ['unix-dgram']),
  ],
  plugins: [
    {
      name: 'load-apart',
      // `import('yaml')` becomes a small module that requires ./vendor-yaml.js from dist/ when it runs
      setup(b) {
        b.onResolve({ filter: /^(yaml|execa|echarts|mqtt)$/ }, (args) => ({ path: args.path, namespace: 'apart' }));
        b.onLoad({ filter: /.*/, namespace: 'apart' }, (args) => ({
          contents: `module.exports = require('./${apart[args.path]}');`,
          loader: 'js',
        }));
        b.onResolve({ filter: /^\.\/vendor-/ }, (args) => ({ path: args.path, external: true }));
      },
    },
    {
      name: 'lazy-sockets',
      // winston-syslog requires dgram, net and tls at its top for its UDP and TCP modes, which flightlog
      // never uses (its own sender does remote syslog): loading them, and crypto with tls, would cost every
      // run milliseconds. Inside winston-syslog they become proxies that load the module on first use.
      setup(b) {
        b.onResolve({ filter: /^(dgram|net|tls)$/ }, (args) =>
          /winston-syslog|unix-dgram/.test(args.importer) ? { path: args.path, namespace: 'lazy-socket' } : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: 'lazy-socket' }, (args) => ({
          contents: `let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:${args.path}'))[k] });`,
          loader: 'js',
        }));
      },
    },
    {
      name: 'lazy-colours',
      // logform's colorize requires @colors/colors at its top (and winston loads colorize with its levels);
      // flightlog never colours a line. The library becomes a proxy that loads it on first use, keeping
      // what was set on it before.
      setup(b) {
        b.onResolve({ filter: /^@colors\/colors\/safe$/ }, (args) =>
          /logform/.test(args.importer) ? { path: args.path, namespace: 'lazy-colours' } : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: 'lazy-colours' }, () => ({
          contents: `let m; const set = {};
module.exports = new Proxy({}, {
  get: (_, k) => (m ??= Object.assign(require('./colours-package'), set))[k],
  set: (_, k, v) => { if (m) m[k] = v; else set[k] = v; return true; },
});`,
          loader: 'js',
          resolveDir: '.',
        }));
        b.onResolve({ filter: /^\.\/colours-package$/ }, () => ({
          path: require.resolve('@colors/colors/safe', { paths: [require.resolve('logform')] }),
        }));
      },
    },
    {
      name: 'streams-without-node-streams',
      // readable-stream (winston's streams) is a copy of Node's streams that inherits only EventEmitter and
      // a pipe() it overrides from Node's legacy Stream: requiring Node's stream module for that loads all
      // of Node's own streams beside the copy, milliseconds of every syslog sample. Inside readable-stream,
      // 'stream' is that legacy base alone.
      setup(b) {
        b.onResolve({ filter: /^stream$/ }, (args) =>
          /readable-stream/.test(args.importer) ? { path: 'stream', namespace: 'legacy-stream' } : undefined,
        );
        b.onLoad({ filter: /.*/, namespace: 'legacy-stream' }, () => ({
          contents: `const EventEmitter = require('events');
function Stream(opts) { EventEmitter.call(this, opts); }
Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Stream, EventEmitter);
Stream.Stream = Stream;
module.exports = Stream;`,
          loader: 'js',
        }));
      },
    },
    {
      name: 'unix-dgram-direct',
      // unix-dgram finds its compiled module through `bindings`, which reads a stack trace and tries a
      // dozen paths: a few ms of every syslog sample. Bundled, it requires the module where npm builds it
      // (node_modules/unix-dgram/build/Release, found from dist/ as any package is); where it is not there
      // (another build layout), the package as installed, `bindings` and all. The build fails if the text
      // it replaces has changed.
      setup(b) {
        const from = "var binding = require('bindings')('unix_dgram.node');";
        b.onLoad({ filter: /node_modules[\\/]unix-dgram[\\/]lib[\\/]unix_dgram\.js$/ }, (args) => {
          const text = readFileSync(args.path, 'utf8');
          if (!text.includes(from)) throw new Error(`${args.path} changed: review the unix-dgram-direct plugin`);
          return {
            contents: text.replace(
              from,
              `var binding;
try { binding = require('unix-dgram/build/Release/unix_dgram.node'); } catch (err) {
  if (err.code !== 'MODULE_NOT_FOUND') throw err;
  binding = null;
}
if (binding === null) { module.exports = require('./unix-dgram-package'); return; }`,
            ),
            loader: 'js',
          };
        });
        // the fallback: the package itself, as installed, resolved at run time
        b.onResolve({ filter: /^\.\/unix-dgram-package$/ }, () => ({ path: 'unix-dgram', external: true }));
      },
    },
    {
      name: 'stdio-untouched',
      // Two of winston's libraries touch process.stdout and process.stderr as they load or attach a
      // transport, which creates both streams (and under cron, where stdout is a pipe, loads net) though a
      // sample never writes to them. Each patch keeps the library's meaning; the build fails if the text
      // it expects has changed.
      setup(b) {
        const patches = [
          // @colors/colors works out at load whether each stream takes colours; flightlog never colours a line
          {
            file: /@colors[\\/]colors[\\/]lib[\\/]system[\\/]supports-colors\.js$/,
            from: 'stdout: getSupportLevel(process.stdout),\n  stderr: getSupportLevel(process.stderr),',
            to: 'get stdout() { return getSupportLevel(process.stdout); },\n  get stderr() { return getSupportLevel(process.stderr); },',
          },
          // readable-stream's pipe() does not end stdout or stderr: only a stream on fd 1 or 2 can be one of them
          {
            file: /node_modules[\\/]readable-stream[\\/]lib[\\/]_stream_readable\.js$/,
            from: 'dest !== process.stdout && dest !== process.stderr',
            to: '!((dest.fd === 1 || dest.fd === 2) && (dest === process.stdout || dest === process.stderr))',
          },
        ];
        for (const patch of patches) {
          b.onLoad({ filter: patch.file }, (args) => {
            const text = readFileSync(args.path, 'utf8');
            if (!text.includes(patch.from)) throw new Error(`${args.path} changed: review the stdio-untouched patch`);
            return { contents: text.replace(patch.from, patch.to), loader: 'js' };
          });
        }
      },
    },
  ],
};
await Promise.all(
  [
    ['lib/cli/main.ts', 'dist/flightlog.js'],
    ['lib/cli/sample-main.ts', 'dist/sample.js'],
  ].map(([entry, out]) =>
    build({
      ...program,
      entryPoints: [entry],
      outfile: out,
      // each bundle is its own CommonJS wrapper, a function expression that sbin/flightlog compiles as it
      // is: wrapped at run time (Module.wrap), V8 would first copy the whole source into a string of its own
      banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
      footer: { js: '})' },
    }),
  ),
);
// each bundle's identity, from its content, at its end: the compiled-code cache of one bundle is never
// taken for another's, even of the same size (sbin/flightlog)
for (const file of ['dist/flightlog.js', 'dist/sample.js']) {
  const bundle = readFileSync(file);
  writeFileSync(
    file,
    Buffer.concat([
      bundle,
      Buffer.from(`//# flightlog-id=${createHash('sha256').update(bundle).digest('hex').slice(0, 20)}\n`),
    ]),
  );
}
// the man page as roff, for `flightlog setup` to install where the package manager does not
{
  const { manPage } = await import('./packaging/man.mjs');
  writeFileSync(
    'dist/flightlog.8',
    manPage(process.cwd(), JSON.parse(readFileSync('package.json', 'utf8')).version, new Date()),
  );
}
// the browser's ECharts, for the pages of `report --html` (which carry it inside: no network needed)
copyFileSync('node_modules/echarts/dist/echarts.min.js', 'dist/echarts.min.js');
await Promise.all(
  Object.entries(apart).map(([pkg, out]) =>
    build({
      ...common,
      stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: '.', loader: 'js' },
      outfile: `dist/${out}`,
    }),
  ),
);

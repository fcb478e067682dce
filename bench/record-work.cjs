// Preloaded (NODE_OPTIONS=--require) into one `flightlog sample`: writes to $WORK_LIST what the run asked
// of the system, as bench/floor.cjs does it again: the files it opened to read (and those it looked for
// and did not find), the directories it listed, the paths it stat()ed and the file systems it statfs()ed.
// The program's own files (its bundle and code cache, under $WORK_SKIP) are not the sample's work.
'use strict';
const fs = require('node:fs');

const skip = (process.env.WORK_SKIP ?? '').split(':').filter(Boolean);
const work = { reads: [], missing: [], lists: [], stats: [], statfs: [] };
const ours = (path) => typeof path !== 'string' || skip.some((dir) => path.startsWith(dir));
const readOnly = (flags) => flags === undefined || flags === 'r' || (typeof flags === 'number' && (flags & 3) === 0);

// a call inside another (readFileSync opens the file with openSync) is the outer call's work
let depth = 0;
const wrap = (name, note) => {
  const original = fs[name];
  fs[name] = function (...args) {
    const outer = depth++ === 0 && !ours(args[0]);
    try {
      const result = original.apply(this, args);
      if (outer) note(args, true);
      return result;
    } catch (err) {
      if (outer) note(args, false);
      throw err;
    } finally {
      depth--;
    }
  };
};
wrap('openSync', ([path, flags], found) => {
  if (readOnly(flags)) (found ? work.reads : work.missing).push(path);
});
wrap('readFileSync', ([path], found) => (found ? work.reads : work.missing).push(path));
wrap('readdirSync', ([path], found) => (found ? work.lists : work.missing).push(path));
wrap('statSync', ([path]) => work.stats.push(path));
const statfs = fs.statfs;
fs.statfs = (path, ...rest) => {
  if (!ours(path)) work.statfs.push(path);
  return statfs(path, ...rest);
};
process.on('exit', () => fs.writeFileSync(process.env.WORK_LIST, JSON.stringify(work)));

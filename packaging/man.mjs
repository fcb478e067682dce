// The man page, flightlog(8), as roff from docs/flightlog.8.md (marked-man), made clean for man and
// mandoc: HTML entities that marked-man leaves in code spans decoded, a date mandoc can read, and no
// paragraph macro right after a section heading.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ENTITIES = { '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };

/** @param {string} root the repository @param {string} version @param {Date} date @returns {string} */
export function manPage(root, version, date) {
  const roff = execFileSync(
    join(root, 'node_modules/.bin/marked-man'),
    [
      '--no-breaks',
      '--version',
      version,
      '--manual',
      'System Administration',
      '--section',
      '8',
      join(root, 'docs/flightlog.8.md'),
    ],
    { encoding: 'utf8' },
  );
  return roff
    .replace(/&(quot|#39|lt|gt|amp);/g, (e) => ENTITIES[e])
    .replace(/^\.TH "FLIGHTLOG" "8" "[^"]*"/m, `.TH "FLIGHTLOG" "8" "${date.toISOString().slice(0, 10)}"`)
    .replace(/^(\.SH .*)\n\.P\n/gm, '$1\n');
}

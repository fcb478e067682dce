import { readFileSync } from 'node:fs';
import { SourceMissing } from '../errors';
import { parseSiteFile } from '../sources/site-file';
import type { Module } from './types';

export const DEFAULT_SITE_FILE = '/etc/flightlog/site.conf';

/**
 * site: static tags that say where this machine is and what it is for, from a `key = value` file
 * (`modules.site.path`, default /etc/flightlog/site.conf):
 *   rack = b12
 *   role = "build server"
 * key          kind  source
 * site.<key>   text  the value, written with every sample so each one can be filtered by it
 * The file is the machine's own (not read under --root). No file: the module writes nothing.
 */
export const site: Module = {
  name: 'site',
  sources: [DEFAULT_SITE_FILE],
  read: async (_src, settings) => {
    const path = settings.path ?? DEFAULT_SITE_FILE;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SourceMissing(path, `no site file ${path}`);
      throw err;
    }
    return [{ gauges: {}, counters: {}, labels: Object.fromEntries(parseSiteFile(text, path)) }];
  },
};

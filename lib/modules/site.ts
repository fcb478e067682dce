import { SourceMissing } from '../core/errors';
import { parseSiteFile } from '../sources/site-file';
import type { Module } from './types';

export const DEFAULT_SITE_FILE = '/etc/flightlog/site.conf';

/**
 * site: static tags that say where this machine is and what it is for, from a `key = value` file
 * (`modules.site.path`, default /etc/flightlog/site.conf, read under --root like /proc: a container
 * sampling its host takes the host's tags):
 *   rack = b12
 *   role = "build server"
 * key          kind  source
 * site.<key>   text  the value, written with every sample so each one can be filtered by it
 * No file: the module writes nothing.
 */
export const site: Module = {
  name: 'site',
  sources: [DEFAULT_SITE_FILE],
  read: async (src, settings) => {
    const path = settings.path ?? DEFAULT_SITE_FILE;
    const text = await src.maybeText(path.replace(/^\/+/, ''));
    if (text === undefined) throw new SourceMissing(path, `no site file ${path}`);
    return [{ gauges: {}, counters: {}, labels: Object.fromEntries(parseSiteFile(text, path)) }];
  },
};

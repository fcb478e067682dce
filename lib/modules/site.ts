import { SourceMissing } from '../core/errors';
import { parseSiteFile } from '../sources/site-file';
import type { Module } from './types';
import { gaugesOnly } from '../derive/types';
import { DEFAULT_SITE_FILE } from './registry';

/** site: see its entry in ./registry.ts for its keys, settings and sources. */
export const site: Module = {
  read: async (src, settings) => {
    const path = settings.path ?? DEFAULT_SITE_FILE;
    const text = await src.maybeText(path.replace(/^\/+/, ''));
    if (text === undefined) throw new SourceMissing(path, `no site file ${path}`);
    return [{ gauges: {}, counters: {}, labels: Object.fromEntries(parseSiteFile(text, path)) }];
  },
  derive: gaugesOnly,
};

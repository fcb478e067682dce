import { SourceMissing } from '../../core/errors';
import { parseSiteFile } from '../../sources/site-file';
import type { Module } from '../types';
import type { Settings } from './entry';
import { gaugesOnly } from '../../derive/types';

/** site: see ./entry.ts for its keys, settings and sources. */
export const site: Module<Settings> = {
  read: async (src, settings) => {
    const path = settings.path;
    const text = await src.maybeText(path.replace(/^\/+/, ''));
    if (text === undefined) throw new SourceMissing(path, `no site file ${path}`);
    return [{ gauges: {}, counters: {}, labels: Object.fromEntries(parseSiteFile(text, path)) }];
  },
  derive: gaugesOnly,
};

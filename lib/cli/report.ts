import { writeStdout } from '../io/stdout';
import { asText, writePage } from '../plot/report';
import { MAX_HOSTS, ReportBuilder } from '../read/report';
import { say } from '../core/say';
import { requireMatches } from '../read/select';
import type { ReadArgs } from './read-options';
import { readStatus, selectedSamples } from './select-samples';

export interface ReportArgs extends ReadArgs {
  readonly json?: boolean;
  /** raw numbers instead of humanised ones (1073741824, not 1 GiB) */
  readonly exact?: boolean;
  /** sar-style rows: the average of each key per hour or per day */
  readonly by?: 'hour' | 'day';
  /** also one self-contained HTML page: the summary, a chart per module, the events */
  readonly html?: string;
}

/** `flightlog report`: the figures of lib/read/report.ts over the selected samples, as text, JSON or also an HTML page (lib/plot/report.ts). */
export async function reportCommand(args: ReportArgs): Promise<number> {
  const patterns = args.keys ?? [];
  const builder = new ReportBuilder(patterns, args.by);
  // the page's lines are built as the samples stream past too, in buckets (lib/plot/page-data.ts)
  const page = args.html === undefined ? undefined : new (await import('../plot/page-data')).PageBuilder();
  for await (const batch of selectedSamples(args)) {
    for (const s of batch) if (builder.add(s)) page?.add(s);
  }
  const reports = builder.reports();
  if (reports.length > 0) requireMatches(patterns, builder.keysSeen);
  if (page !== undefined && args.html !== undefined) await writePage(args.html, page, reports, args.exact === true);
  await writeStdout(
    args.json
      ? `${JSON.stringify({ hosts: reports, ...(builder.leftOut > 0 ? { samples_left_out: builder.leftOut } : {}) })}\n`
      : reports.map((r) => asText(r, args.exact === true)).join('\n') || 'no samples in the selection\n',
  );
  // what the report could not hold is said, not hidden
  if (builder.leftOut > 0)
    say(
      `report: ${builder.leftOut} sample(s) of hosts past the first ${MAX_HOSTS} left out; fix: choose hosts with --host`,
    );
  return readStatus();
}

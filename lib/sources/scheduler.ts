import { ParseError } from '../core/errors';

/** What the batch scheduler says: jobs by state, nodes, and the state of this node. */
export interface SchedulerView {
  readonly jobsRunning: number;
  readonly jobsPending: number;
  readonly nodes: number;
  /** nodes that take no work: down, drained, failed, unknown, disabled, in error */
  readonly nodesDown: number;
  /** this node's state as the scheduler words it, lower case, flags joined by "+" ("idle+drain"); undefined when it is not a node */
  readonly nodeState?: string;
}

type Json = Record<string, unknown>;
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

function json(text: string, source: string): Json {
  try {
    const v = JSON.parse(text) as unknown;
    if (typeof v === 'object' && v !== null) return v as Json;
  } catch {
    // reported below
  }
  throw new ParseError(source, text.slice(0, 80), 'expected a JSON object');
}

/** `squeue --json`: job_state is a string (Slurm 21–22) or a list of strings (23 and later). */
export function parseSqueue(text: string): { running: number; pending: number } {
  const jobs = json(text, 'squeue --json').jobs;
  if (!Array.isArray(jobs)) throw new ParseError('squeue --json', text.slice(0, 80), 'expected a "jobs" list');
  const states = jobs.map((j) => asList((j as Json).job_state).map((s) => s.toUpperCase()));
  return {
    running: states.filter((s) => s.includes('RUNNING')).length,
    pending: states.filter((s) => s.includes('PENDING')).length,
  };
}

const DOWN =
  /^(down|drain|drained|draining|fail|failing|unknown|not_responding|no_respond|future|power_down|powered_down)$/;

/**
 * `sinfo --json`: Slurm 21–22 list "nodes" ({name, state, state_flags}); 23 and later list "sinfo"
 * groups ({node: {state: […]}, nodes: {nodes: [names]}}), where a node in two partitions appears twice.
 */
export function parseSinfo(text: string, host: string): Pick<SchedulerView, 'nodes' | 'nodesDown' | 'nodeState'> {
  const doc = json(text, 'sinfo --json');
  const states = new Map<string, string[]>();
  if (Array.isArray(doc.nodes)) {
    for (const n of doc.nodes as Json[])
      states.set(
        String(n.name),
        [...asList(n.state), ...asList(n.state_flags)].map((s) => s.toLowerCase()),
      );
  } else if (Array.isArray(doc.sinfo)) {
    for (const g of doc.sinfo as Json[]) {
      const state = asList((g.node as Json | undefined)?.state).map((s) => s.toLowerCase());
      for (const name of asList((g.nodes as Json | undefined)?.nodes).flatMap(expandHostlist)) states.set(name, state);
    }
  } else {
    throw new ParseError('sinfo --json', text.slice(0, 80), 'expected a "nodes" or "sinfo" list');
  }
  const mine = states.get(host) ?? states.get(host.split('.')[0] ?? host);
  const nodesDown = [...states.values()].filter((s) => s.some((word) => DOWN.test(word))).length;
  return { nodes: states.size, nodesDown, ...(mine === undefined ? {} : { nodeState: mine.join('+') }) };
}

/** A Slurm hostlist ("node[01-03,07],gpu1") as names; a plain list of names passes through. */
export function expandHostlist(list: string): string[] {
  return (list.match(/[^,[]+(?:\[[^\]]*\])?[^,]*/g) ?? []).flatMap((item) => {
    const m = /^(.*)\[([^\]]*)\](.*)$/.exec(item);
    if (m === null) return [item];
    const [, prefix, ranges, suffix] = m as unknown as [string, string, string, string];
    return ranges.split(',').flatMap((range) => {
      const [from, to = from] = range.split('-') as [string, string?];
      const names: string[] = [];
      for (let i = Number(from); i <= Number(to) && names.length < 100_000; i++)
        names.push(`${prefix}${String(i).padStart(from.length, '0')}${suffix}`);
      return names;
    });
  });
}

/** The text of every `<tag>…</tag>` in an XML fragment (qstat's XML is flat and regular enough for this). */
const texts = (xml: string, tag: string): string[] =>
  [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => (m[1] as string).trim());

/**
 * `qstat -f -u '*' -xml` of Grid Engine: <Queue-List> per queue instance (name queue@host, an optional
 * <state> of letters: u unknown, d disabled, E error, a alarm, s suspended…) and <job_list state="running|pending">.
 */
export function parseQstat(text: string, host: string): SchedulerView {
  if (!text.includes('<job_info')) throw new ParseError('qstat -xml', text.slice(0, 80), 'expected <job_info>');
  const hosts = new Map<string, string>();
  for (const [, body] of text.matchAll(/<Queue-List>([\s\S]*?)<\/Queue-List>/g)) {
    // the queue's own fields, without the jobs inside it (a job has a <state> too)
    const own = (body as string).replace(/<job_list[\s\S]*?<\/job_list>/g, '');
    const name = texts(own, 'name')[0] ?? '';
    const node = name.slice(name.indexOf('@') + 1);
    const state = texts(own, 'state')[0] ?? '';
    hosts.set(node, [...new Set((hosts.get(node) ?? '') + state)].join(''));
  }
  const jobs = [...text.matchAll(/<job_list\s+state="(\w+)"/g)].map((m) => m[1]);
  const short = host.split('.')[0] ?? host;
  const mine = hosts.get(host) ?? [...hosts].find(([n]) => n.split('.')[0] === short)?.[1];
  return {
    jobsRunning: jobs.filter((s) => s === 'running').length,
    jobsPending: jobs.filter((s) => s === 'pending').length,
    nodes: hosts.size,
    nodesDown: [...hosts.values()].filter((s) => /[udE]/.test(s)).length,
    ...(mine === undefined ? {} : { nodeState: mine === '' ? 'ok' : mine }),
  };
}

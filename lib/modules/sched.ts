import { hostname } from 'node:os';
import { SourceMissing } from '../core/errors';
import { parseQstat, parseSinfo, parseSqueue, type SchedulerView } from '../sources/scheduler';
import type { Sources } from '../sources/read';
import type { Module } from './types';

/**
 * sched: the batch scheduler's view of the cluster and of this node, where its commands exist: Slurm
 * (`sinfo --json`, `squeue --json`, Slurm 21.08 or later) or Grid Engine (`qstat -f -u '*' -xml`).
 * key                  kind   meaning
 * sched.system         text   slurm or gridengine
 * sched.node_state     text   this node's state as the scheduler words it: Slurm's state and flags
 *                             joined by + (idle, mixed, allocated+drain), Grid Engine's queue state
 *                             letters (ok when none; u unknown, d disabled, E error); absent when the
 *                             scheduler does not know this host
 * sched.nodes          count  nodes the scheduler knows
 * sched.nodes_down     count  of them, nodes that take no work (down, drained, failed, not responding;
 *                             Grid Engine: u, d or E)
 * sched.jobs_running   count  jobs running in the whole cluster
 * sched.jobs_pending   count  jobs waiting
 * Neither sinfo nor qstat on $PATH: the module writes nothing.
 */
export const sched: Module = {
  name: 'sched',
  sources: ['sinfo --json', 'squeue --json', 'qstat -f -xml'],
  read: async (src) => {
    const host = (await src.attribute('proc/sys/kernel/hostname')) ?? hostname();
    const view = (await slurm(src, host)) ?? (await gridEngine(src, host));
    if (view === undefined) throw new SourceMissing('sinfo', 'neither Slurm (sinfo) nor Grid Engine (qstat) is installed');
    const { system, ...v } = view;
    const gauges = { nodes: v.nodes, nodes_down: v.nodesDown, jobs_running: v.jobsRunning, jobs_pending: v.jobsPending };
    return [{ gauges, counters: {}, labels: { system, ...(v.nodeState === undefined ? {} : { node_state: v.nodeState }) } }];
  },
};

async function output(src: Sources, command: string, args: readonly string[]): Promise<string | undefined> {
  const out = await src.command(command, args);
  if (out === undefined) return undefined;
  if (out.exitCode !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${out.exitCode}`);
  return out.stdout;
}

async function slurm(src: Sources, host: string): Promise<(SchedulerView & { system: string }) | undefined> {
  const nodes = await output(src, 'sinfo', ['--json']);
  if (nodes === undefined) return undefined;
  const jobs = await output(src, 'squeue', ['--json']);
  if (jobs === undefined) throw new Error('sinfo is installed but squeue is not');
  const { running, pending } = parseSqueue(jobs);
  return { system: 'slurm', ...parseSinfo(nodes, host), jobsRunning: running, jobsPending: pending };
}

async function gridEngine(src: Sources, host: string): Promise<(SchedulerView & { system: string }) | undefined> {
  const text = await output(src, 'qstat', ['-f', '-u', '*', '-xml']);
  return text === undefined ? undefined : { system: 'gridengine', ...parseQstat(text, host) };
}

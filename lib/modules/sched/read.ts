import { hostname } from 'node:os';
import { SourceMissing } from '../../core/errors';
import { parseQstat, parseSinfo, parseSqueue, type SchedulerView } from '../../sources/scheduler';
import type { Sources } from '../../sources/read';
import type { Module } from '../types';
import { gaugesOnly } from '../../derive/types';

/** sched: see ./entry.ts for its keys, settings and sources. */
export const sched: Module = {
  read: async (src) => {
    const host = (await src.attribute('proc/sys/kernel/hostname')) ?? hostname();
    const view = (await slurm(src, host)) ?? (await gridEngine(src, host));
    if (view === undefined)
      throw new SourceMissing('sinfo', 'neither Slurm (sinfo) nor Grid Engine (qstat) is installed');
    const { system, ...v } = view;
    const gauges = {
      nodes: v.nodes,
      nodes_down: v.nodesDown,
      jobs_running: v.jobsRunning,
      jobs_pending: v.jobsPending,
    };
    return [
      { gauges, counters: {}, labels: { system, ...(v.nodeState === undefined ? {} : { node_state: v.nodeState }) } },
    ];
  },
  derive: gaugesOnly,
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

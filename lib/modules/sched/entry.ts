import { gauge, text, type SamplingEntry } from '../entry';

/** sched: what it reads and writes, as data; its code, ./read.ts, is loaded when it runs. */
export const entry: SamplingEntry = {
  name: 'sched',
  kind: 'sampling',
  raw: false,
  sources: ['sinfo --json', 'squeue --json', 'qstat -f -xml'],
  settings: {},
  docs: () => ({
    summary: "the batch scheduler's view of the cluster and of this node",
    keys: [
      text('sched.system', 'slurm or gridengine'),
      text(
        'sched.node_state',
        "this node's state as the scheduler words it: Slurm's state and flags joined by + (idle, mixed, allocated+drain), Grid Engine's queue state letters (ok when none); absent when the scheduler does not know this host",
      ),
      gauge('sched.nodes', 'count', 'nodes the scheduler knows'),
      gauge(
        'sched.nodes_down',
        'count',
        'of them, nodes that take no work (down, drained, failed, not responding; Grid Engine: u, d or E)',
      ),
      gauge('sched.jobs_running', 'count', 'jobs running in the whole cluster'),
      gauge('sched.jobs_pending', 'count', 'jobs waiting'),
    ],
    notes:
      "Slurm (`sinfo --json`, `squeue --json`, Slurm 21.08 or later) or Grid Engine (`qstat -f -u '*' -xml`). Neither sinfo nor qstat on $PATH: the module writes nothing.",
    rows: [
      [
        '`sched.system`, `node_state`, `nodes`, `nodes_down`, `jobs_running`, `jobs_pending`',
        "Slurm (`sinfo`/`squeue --json`) or Grid Engine (`qstat -xml`): this node's state and the cluster's, where the commands exist",
      ],
    ],
  }),
  load: async () => (await import('./read')).sched,
};

/**
 * What groups of processes cost while something runs, from Linux's /proc: CPU time, and how many
 * times their threads were put on a CPU — each a wake-up, which is what a relay hop adds (issue 10:
 * on this machine a wake-up costs more than the JavaScript it runs). `/proc/<pid>/task/<tid>/
 * schedstat` holds both per thread, in nanoseconds and counts, so a short run still measures.
 *
 * Elsewhere than Linux there is no /proc: `available()` is false and the caller leaves the rows out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ProcessCost {
  cpuMs: number;
  /** Times a thread of the group was scheduled onto a CPU. */
  wakeups: number;
}

export const available = (): boolean => existsSync(`/proc/${process.pid}/task`);

/** The live children of `ppid`. */
export function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command may hold spaces or parentheses; the fields after its closing ') ' do not.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]) === ppid) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Each live thread of `pids` ("pid/tid") with its counters so far. */
function readTasks(pids: readonly number[]): Map<string, ProcessCost> {
  const tasks = new Map<string, ProcessCost>();
  for (const pid of pids) {
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // exited
    }
    for (const tid of tids) {
      try {
        const [run, , slices] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ');
        tasks.set(`${pid}/${tid}`, { cpuMs: Number(run) / 1e6, wakeups: Number(slices) });
      } catch {
        // the thread ended between the listing and the read
      }
    }
  }
  return tasks;
}

/** Cost per group between `start()` and `stop()`; each group's pids are listed at start. */
export class CostMeter<G extends string> {
  private before: Record<string, Map<string, ProcessCost>> = {};
  private pids: Record<string, number[]> = {};
  private total: Record<string, ProcessCost> = {};

  constructor(private readonly groups: Record<G, () => number[]>) {}

  start(): void {
    for (const g of Object.keys(this.groups) as G[]) {
      this.pids[g] = this.groups[g]();
      this.before[g] = readTasks(this.pids[g]!);
    }
  }

  /**
   * Adds what each group cost since start() to the totals: every thread alive now, from zero if it
   * started meanwhile. A thread or process that ended meanwhile took its counters with it.
   */
  stop(): void {
    for (const g of Object.keys(this.groups) as G[]) {
      const was = this.before[g]!;
      const sum = (this.total[g] ??= { cpuMs: 0, wakeups: 0 });
      for (const [task, now] of readTasks(this.pids[g]!)) {
        sum.cpuMs += now.cpuMs - (was.get(task)?.cpuMs ?? 0);
        sum.wakeups += now.wakeups - (was.get(task)?.wakeups ?? 0);
      }
    }
  }

  /** The totals so far over every start()–stop(), per group (a copy: later rounds do not change it). */
  totals(): Record<G, ProcessCost> {
    return Object.fromEntries(Object.entries(this.total).map(([g, c]) => [g, { ...c }])) as Record<G, ProcessCost>;
  }
}

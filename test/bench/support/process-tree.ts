import { childPids, commandName, readCpuSeconds, readMemory } from './rss.ts';

/** One process seen while sampling: what it is, its peak resident memory and CPU so far. */
export interface ProcessFigures {
  readonly label: string;
  readonly pid: number;
  readonly peakBytes: number;
  readonly cpuSeconds: number;
}

/**
 * Samples named processes and all their descendants (a worker's sandboxed parse children) from
 * /proc: each one's VmHWM (its own peak, kept by the kernel until it exits) and its CPU time.
 * CPU counts from when sampling began. A child that starts and ends between two samples is
 * missed; parse children live for many jobs.
 */
export class ProcessTreeSampler {
  private readonly seen = new Map<number, { label: string; peak: number; cpu: number }>();
  /** CPU seconds of the processes already running when sampling began: only what follows counts. */
  private readonly cpuBefore = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly roots: ReadonlyArray<{ readonly label: string; readonly pid: number }>,
    intervalMs = 500,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
    for (const [pid, s] of this.seen) this.cpuBefore.set(pid, s.cpu);
  }

  sample(): void {
    for (const root of this.roots) this.visit(root.pid, root.label);
  }

  /** Stops sampling and returns every process seen, roots first. */
  stop(): ProcessFigures[] {
    this.sample();
    clearInterval(this.timer);
    return [...this.seen.entries()].map(([pid, s]) => ({
      label: s.label,
      pid,
      peakBytes: s.peak,
      cpuSeconds: s.cpu - (this.cpuBefore.get(pid) ?? 0),
    }));
  }

  private visit(pid: number, label: string): void {
    const memory = readMemory(pid);
    if (!memory) return;
    const known = this.seen.get(pid);
    this.seen.set(pid, {
      label: known?.label ?? label,
      peak: Math.max(known?.peak ?? 0, memory.peak),
      cpu: readCpuSeconds(pid) ?? known?.cpu ?? 0,
    });
    for (const child of childPids(pid))
      if (commandName(child) === 'node') this.visit(child, `${label} › parse child`);
  }
}

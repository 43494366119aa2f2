import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

const KB = 1024;

/** Resident memory of one process from /proc: now and its high-water mark, in bytes. */
export interface ProcessMemory {
  readonly rss: number;
  readonly peak: number;
}

/** Reads VmRSS and VmHWM of a process; null when it is gone or /proc is missing. */
export function readMemory(pid: number | 'self'): ProcessMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rss: statusKb(status, 'VmRSS') * KB, peak: statusKb(status, 'VmHWM') * KB };
  } catch {
    return null;
  }
}

function statusKb(status: string, key: string): number {
  const match = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'mu').exec(status);
  return match ? Number(match[1]) : 0;
}

/**
 * Sets this process's high-water mark back to its current RSS (Linux `clear_refs` 5), so a
 * stage's peak is not the one an earlier stage left. Returns false where that is not allowed.
 */
export function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; null when it is gone. */
export function readCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Linux's USER_HZ: 100 on every architecture Node runs on. */
const CLOCK_TICKS = 100;

/** The command name of a process (`node`, `esbuild`…); '' when it is gone. */
export function commandName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Direct children of a process (every thread's `children` list). */
export function childPids(pid: number): number[] {
  const found = new Set<number>();
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
      for (const child of text.split(/\s+/u)) if (child !== '') found.add(Number(child));
    }
  } catch {
    // the process or /proc is gone: no children to report
  }
  return [...found];
}

/** What a sampler saw: this process's peak and each child process's own peak. */
export interface RssSummary {
  readonly mainPeak: number;
  /** Highest VmRSS seen in samples of this process (cross-checks mainPeak). */
  readonly mainSampledMax: number;
  /** Peak (VmHWM) per child pid seen while sampling. */
  readonly childPeaks: ReadonlyMap<number, number>;
  /** Largest sum of the children's RSS at one sample. */
  readonly childrenTotalMax: number;
  /** CPU seconds per child pid at its last sample. */
  readonly childCpu: ReadonlyMap<number, number>;
  readonly samples: number;
}

/**
 * Samples this process and its children every `intervalMs`. A child's VmHWM survives until it
 * exits, so a coarse interval still catches its peak unless the child dies in between.
 */
export class RssSampler {
  private readonly childPeaks = new Map<number, number>();
  private readonly childCpu = new Map<number, number>();
  private mainSampledMax = 0;
  private childrenTotalMax = 0;
  private samples = 0;
  private readonly timer: NodeJS.Timeout;

  /** `watch` picks the children to follow by command name (tsx's esbuild service is one too). */
  constructor(
    private readonly watch: (command: string) => boolean = () => true,
    intervalMs = 200,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }

  sample(): void {
    this.samples++;
    const main = readMemory('self');
    if (main) this.mainSampledMax = Math.max(this.mainSampledMax, main.rss);
    let total = 0;
    for (const pid of childPids(process.pid)) {
      if (!this.childPeaks.has(pid) && !this.watch(commandName(pid))) continue;
      const memory = readMemory(pid);
      if (!memory) continue;
      total += memory.rss;
      this.childPeaks.set(pid, Math.max(this.childPeaks.get(pid) ?? 0, memory.peak));
      const cpu = readCpuSeconds(pid);
      if (cpu !== null) this.childCpu.set(pid, cpu);
    }
    this.childrenTotalMax = Math.max(this.childrenTotalMax, total);
  }

  stop(): RssSummary {
    this.sample();
    clearInterval(this.timer);
    return {
      mainPeak: readMemory('self')?.peak ?? 0,
      mainSampledMax: this.mainSampledMax,
      childPeaks: new Map(this.childPeaks),
      childrenTotalMax: this.childrenTotalMax,
      childCpu: new Map(this.childCpu),
      samples: this.samples,
    };
  }
}

/** Bytes as MB with no decimals. */
export function mb(bytes: number): number {
  return Math.round(bytes / (KB * KB));
}

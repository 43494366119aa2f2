import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) a summary needs. */
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }>;
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  readonly timeDeltas: readonly number[];
}

/** Self time of one function or one package/file, summed over the profiles. */
export interface SelfTime {
  readonly name: string;
  readonly ms: number;
  /** Share of the busy (non-idle) time. */
  readonly percent: number;
}

/** A span of the monotonic clock the profiles use (`process.hrtime`), in microseconds. */
export interface ClockWindow {
  readonly fromUs: number;
  readonly toUs: number;
}

export interface ProfileSummary {
  readonly profiles: number;
  readonly sampledMs: number;
  readonly idleMs: number;
  readonly byFunction: readonly SelfTime[];
  readonly byModule: readonly SelfTime[];
  /**
   * Time by the nearest function of our own code on the stack (packages, Node and native code
   * it called included): which of our functions the package and native time is spent for.
   */
  readonly byOwnCaller: readonly SelfTime[];
}

const IDLE = '(idle)';

/**
 * Sums self time by function and by package or source file over `profiles`, counting only the
 * samples inside `window` when one is given. A sample lasts until the next one (the last until
 * the profile's end), as Chrome's profiler counts it. `root` is the checkout, so source files
 * show as `pipeline/read/read-workbook.ts`.
 */
export function summariseProfiles(
  profiles: readonly CpuProfile[],
  root: string,
  window?: ClockWindow,
  top = 15,
): ProfileSummary {
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  const byOwnCaller = new Map<string, number>();
  let sampled = 0;
  let idle = 0;
  for (const profile of profiles) {
    const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    const ownCaller = ownCallers(profile, root);
    let at = profile.startTime;
    sampleDurations(profile).forEach((us, i) => {
      at += profile.timeDeltas[i] ?? 0;
      if (window && (at < window.fromUs || at > window.toUs)) return;
      const frame = frames.get(profile.samples[i]!);
      if (!frame) return;
      sampled += us;
      if (frame.functionName === IDLE) {
        idle += us;
        return;
      }
      add(byFunction, functionKey(frame, root), us);
      add(byModule, moduleKey(frame, root), us);
      add(byOwnCaller, ownCaller(profile.samples[i]!), us);
    });
  }
  const busy = sampled - idle;
  return {
    profiles: profiles.length,
    sampledMs: Math.round(sampled / 1000),
    idleMs: Math.round(idle / 1000),
    byFunction: topOf(byFunction, busy, top),
    byModule: topOf(byModule, busy, top),
    byOwnCaller: topOf(byOwnCaller, busy, top),
  };
}

/** For a node id, the nearest frame at or above it that is our own code (not a package, not Node). */
function ownCallers(profile: CpuProfile, root: string): (id: number) => string {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const memo = new Map<number, string>();
  const find = (id: number): string => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const frame = byId.get(id);
    const up = parent.get(id);
    const key =
      frame && isOwnCode(frame.url, root)
        ? functionKey(frame, root)
        : up === undefined
          ? '(no own code on the stack)'
          : find(up);
    memo.set(id, key);
    return key;
  };
  return find;
}

function isOwnCode(url: string, root: string): boolean {
  if (!url.startsWith('file:')) return false;
  const file = toPath(url);
  return !file.includes('/node_modules/') && !path.relative(root, file).startsWith('..');
}

/** Microseconds each sample stands for: until the next sample, the last until endTime. */
export function sampleDurations(profile: CpuProfile): number[] {
  const n = profile.samples.length;
  let last = profile.startTime;
  for (const d of profile.timeDeltas) last += d;
  return profile.samples.map((_, i) =>
    i + 1 < n ? Math.max(0, profile.timeDeltas[i + 1] ?? 0) : Math.max(0, profile.endTime - last),
  );
}

function add(map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us);
}

function topOf(map: ReadonlyMap<string, number>, busyUs: number, top: number): SelfTime[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({
      name,
      ms: Math.round(us / 1000),
      percent: busyUs > 0 ? Math.round((1000 * us) / busyUs) / 10 : 0,
    }));
}

function functionKey(frame: CpuProfile['nodes'][number]['callFrame'], root: string): string {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') return name;
  // Code compiled on the fly (tsx) reports every function on line 1: the file alone says more.
  const line = frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : '';
  return `${name} ${shortLocation(frame.url, root)}${line}`;
}

/**
 * The npm package (`xlsx`, `@duckdb/node-api`), `node:<area>` for Node's own modules, the source file
 * relative to the checkout, or the frame's name for V8's pseudo-frames (`(garbage collector)`).
 */
export function moduleKey(frame: { functionName: string; url: string }, root: string): string {
  const { url } = frame;
  if (url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native code)';
  if (url.startsWith('node:')) return nodeArea(url);
  const file = toPath(url);
  const at = file.lastIndexOf('/node_modules/');
  if (at >= 0) {
    const parts = file.slice(at + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return relativeTo(file, root);
}

/** Node's own code by area: module loading (start-up) apart from streams, fs, zlib… */
function nodeArea(url: string): string {
  if (/modules\/|cjs-module-lexer|bootstrap\/realm/u.test(url)) return 'node: module loading';
  const parts = url.slice('node:'.length).split('/');
  const area = parts[0] === 'internal' && parts.length > 1 ? parts[1]! : parts[0]!;
  return `node:${area}`;
}

function shortLocation(url: string, root: string): string {
  if (url.startsWith('node:')) return url;
  const file = toPath(url);
  const at = file.lastIndexOf('/node_modules/');
  return at >= 0 ? file.slice(at + '/node_modules/'.length) : relativeTo(file, root);
}

function toPath(url: string): string {
  try {
    return url.startsWith('file:') ? fileURLToPath(url) : url;
  } catch {
    return url;
  }
}

function relativeTo(file: string, root: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

/** The `.cpuprofile` files in a folder, split by thread. */
export interface ProfileFiles {
  /** Profiles of processes' main threads (where the pipeline's JavaScript runs). */
  readonly mainThreads: readonly CpuProfile[];
  /** How many profiles other threads wrote (tsx's module-loader thread, worker threads). */
  readonly otherThreads: number;
}

/**
 * Reads every `.cpuprofile` in `dir` (none when the folder is missing). Node names them
 * `CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`, thread 0 being the main thread.
 */
export async function readProfiles(dir: string): Promise<ProfileFiles> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.cpuprofile'));
  const mainThreads: CpuProfile[] = [];
  for (const name of names.filter(isMainThread).sort())
    mainThreads.push(JSON.parse(await readFile(path.join(dir, name), 'utf8')) as CpuProfile);
  return { mainThreads, otherThreads: names.length - mainThreads.length };
}

function isMainThread(fileName: string): boolean {
  return fileName.split('.')[4] === '0';
}

/** The printed summary of one process kind: top functions, then top packages and files. */
export function describeProfile(label: string, s: ProfileSummary): string[] {
  const busy = s.sampledMs - s.idleMs;
  const table = (title: string, rows: readonly SelfTime[]) => [
    `  ${title}`,
    ...rows.map(
      (r) =>
        `    ${r.ms.toLocaleString('en-US').padStart(8)} ms ${r.percent.toFixed(1).padStart(5)} %  ${r.name}`,
    ),
  ];
  return [
    `${label}: ${s.profiles} main-thread profile(s), ${(busy / 1000).toFixed(1)} s busy (+ ${(s.idleMs / 1000).toFixed(1)} s idle) in the stage; self time, % of busy`,
    '  (sampled wall time with code on the stack: above CPU time when the machine is busy; compare shares)',
    ...table(`top ${s.byFunction.length} functions`, s.byFunction),
    ...table(`top ${s.byModule.length} packages and files`, s.byModule),
    ...table(
      `top ${s.byOwnCaller.length} of our functions, with what they call in packages and Node`,
      s.byOwnCaller,
    ),
  ];
}

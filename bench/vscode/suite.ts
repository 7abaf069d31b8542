// Runs inside VS Code (through the same harness as the integration tests) on a workspace holding a
// generated 100k-record export: activation time, time until the file's diagnostics are published,
// time until the References view lists it, and the latency of keystrokes typed into a 10k-record file
// (alone first, then with the 100k one loaded; typed 5 s after its problems are listed, and alone also
// at once). It also
// measures the extension host's longest event-loop stall while the large file is opened, validated and
// listed (the longest task on the thread every extension shares: target ≤ 50 ms), and the extension
// host's live heap before the large file opens and once both files are read.
// Writes the numbers as JSON to RIS_BENCH_RESULTS.
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { RisReferencesApi } from '../../src/extension';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Resolves with the time (from `since`) at which `uri`'s diagnostics are next published. */
function nextValidation(api: RisReferencesApi, uri: vscode.Uri, since: number): Promise<number> {
  return new Promise((resolve) => {
    const sub = api.onDidValidate((validated) => {
      if (validated.toString() === uri.toString()) {
        sub.dispose();
        resolve(performance.now() - since);
      }
    });
  });
}

/**
 * The extension host's live JavaScript heap in MB: what its objects hold after a full garbage
 * collection (a collector is exposed for the measurement; without one, the heap in use, garbage
 * included, marked `collected: false`). The check worker's heap is its own and not counted.
 */
function liveHeap(): { mb: number; collected: boolean } {
  let collect: (() => void) | undefined;
  try {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  } catch {
    collect = undefined;
  }
  collect?.();
  return { mb: v8.getHeapStatistics().used_heap_size / 2 ** 20, collected: collect !== undefined };
}

/** V8's names of the kinds of garbage collection Node reports (`PerformanceEntry.detail.kind`). */
const GC_KINDS: Record<number, string> = { 1: 'minor', 4: 'major', 8: 'incremental', 16: 'weak callbacks' };

/** One stall of the event loop: when it ended (µs of the monotonic clock a CPU profile's times use) and how long it was. */
interface StallSpan {
  endUs: number;
  ms: number;
  /** The garbage collections on this thread within the stall, in all (ms). */
  gcMs: number;
  /** How long the thread waited for a core within the stall (ms; Linux's scheduler statistics), or -1 where unknown. */
  waitMs: number;
}

/** How many of the longest stalls a probe keeps. */
const KEPT_STALLS = 5;

interface Stall {
  longestMs: number;
  /** The longest stalls, longest first: with a CPU profile of the same run, what ran in each. */
  longest: StallSpan[];
  histogramMaxMs: number;
  p99Ms: number;
  /** The longest garbage-collection pause on this thread, and its kind: what a stall of that length may be. */
  longestGcMs: number;
  longestGcKind: string;
  /**
   * The longest stall without the garbage collections inside it: the thread's tasks (one, or several
   * back to back that kept the probe's timer waiting), what the "no task over 50 ms" judges.
   */
  longestOutsideGcMs: number;
  /**
   * The longest stall without the time the thread waited for a core (another thread or process had
   * both): what it ran, collections included. -1 where the scheduler's statistics cannot be read.
   */
  longestOnCpuMs: number;
}

/**
 * The nanoseconds this thread (the extension host's main thread) has waited for a core since it
 * started: the second number of Linux's `/proc/self/task/<tid>/schedstat`. Undefined elsewhere.
 */
function waitedNs(): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    const ns = Number(fields[1]);
    return Number.isFinite(ns) ? ns : undefined;
  } catch {
    return undefined;
  }
}

/** Stalls shorter than this are not kept for {@link Stall.longestOutsideGcMs} (a stall is never shorter without its collections). */
const OUTSIDE_GC_MIN_MS = 20;

/** A time span on `performance.now()`'s clock (ms). */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** How much of `[start, end)` the spans `gcs` cover (they do not overlap each other). */
function coveredBy(gcs: readonly Span[], start: number, end: number): number {
  let ms = 0;
  for (const g of gcs) ms += Math.max(0, Math.min(end, g.end) - Math.max(start, g.start));
  return ms;
}

/**
 * Watches the event loop of this thread (the extension host) until `stop()`: the longest stall seen by
 * a 10 ms timer (how late it fired) and by Node's event-loop delay histogram, and the longest garbage
 * collection, in milliseconds.
 */
function stallProbe(): { stop(): Stall } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let longestGcMs = 0;
  let longestGcKind = 'none';
  const gcs: Span[] = [];
  const takeGcs = (entries: readonly PerformanceEntry[]): void => {
    for (const entry of entries) {
      gcs.push({ start: entry.startTime, end: entry.startTime + entry.duration });
      if (entry.duration <= longestGcMs) continue;
      longestGcMs = entry.duration;
      const kind = (entry as { detail?: { kind?: number } | null }).detail?.kind;
      longestGcKind = kind === undefined ? 'unknown' : (GC_KINDS[kind] ?? String(kind));
    }
  };
  const gc = new PerformanceObserver((list) => takeGcs(list.getEntries()));
  gc.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  let longest = 0;
  // Every stall over OUTSIDE_GC_MIN_MS: the collections inside it are known only later (Node reports them in a task of their own).
  const stalls: (Span & { ms: number; endUs: number; waitMs: number })[] = [];
  let lastWait = waitedNs();
  const note = (ms: number, now: number): void => {
    longest = Math.max(longest, ms);
    const wait = waitedNs();
    if (ms >= OUTSIDE_GC_MIN_MS) {
      const waitMs = wait === undefined || lastWait === undefined ? -1 : (wait - lastWait) / 1e6;
      stalls.push({ start: now - ms, end: now, ms, endUs: Number(process.hrtime.bigint() / 1000n), waitMs });
    }
    lastWait = wait;
  };
  const timer = setInterval(() => {
    const now = performance.now();
    note(now - last - 10, now);
    last = now;
  }, 10);
  return {
    stop: () => {
      clearInterval(timer);
      histogram.disable();
      const now = performance.now();
      note(now - last - 10, now);
      takeGcs(gc.takeRecords());
      gc.disconnect();
      const spans: StallSpan[] = stalls.map((s) => ({ endUs: s.endUs, ms: s.ms, gcMs: coveredBy(gcs, s.start, s.end), waitMs: s.waitMs }));
      const longestOutsideGcMs = spans.reduce((m, s) => Math.max(m, s.ms - s.gcMs), 0);
      const longestOnCpuMs = spans.some((s) => s.waitMs < 0) ? -1 : spans.reduce((m, s) => Math.max(m, s.ms - s.waitMs), 0);
      spans.sort((a, b) => b.ms - a.ms);
      return {
        longestMs: longest,
        longest: spans.slice(0, KEPT_STALLS),
        histogramMaxMs: histogram.max / 1e6,
        p99Ms: histogram.percentile(99) / 1e6,
        longestGcMs,
        longestGcKind,
        longestOutsideGcMs,
        longestOnCpuMs,
      };
    },
  };
}

/**
 * What the results give of a probe's stalls, each name after `prefix` (`largeOpenLongestStallMs`,
 * `largeOpenLongestGcMs`, `largeOpenLongestGcKind`, `largeOpenLongestOutsideGcMs`, `largeOpenLongestOnCpuMs`).
 */
function stallFigures(prefix: string, stall: Stall): Record<string, number | string> {
  return {
    [`${prefix}LongestStallMs`]: stall.longestMs,
    [`${prefix}LongestGcMs`]: stall.longestGcMs,
    [`${prefix}LongestGcKind`]: stall.longestGcKind,
    [`${prefix}LongestOutsideGcMs`]: stall.longestOutsideGcMs,
    [`${prefix}LongestOnCpuMs`]: stall.longestOnCpuMs,
  };
}

/** Types 20 characters at the end of the middle line of `editor`'s document; the latency of each edit (ms). */
async function typeInMiddle(editor: vscode.TextEditor): Promise<number[]> {
  const middle = Math.floor(editor.document.lineCount / 2);
  const line = editor.document.lineAt(middle);
  const keystrokes: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    await editor.edit((b) => b.insert(new vscode.Position(middle, line.text.length + i), 'x'), { undoStopBefore: false, undoStopAfter: false });
    keystrokes.push(performance.now() - start);
  }
  return keystrokes;
}

export async function run(): Promise<void> {
  const large = (await vscode.workspace.findFiles('large.ris'))[0];
  const small = (await vscode.workspace.findFiles('small.ris'))[0];
  if (!small) throw new Error('the benchmark workspace needs small.ris (and large.ris)');
  const extension = vscode.extensions.getExtension<RisReferencesApi>('ris-references.ris-references');
  if (!extension) throw new Error('the extension is not loaded');
  const api = await extension.activate();
  if (!large) {
    // A workspace with the 10k-record export alone: time to diagnostics and typing in its middle, to
    // tell this extension's cost per keystroke from that of a heap holding a 219 MB export.
    write({ alone: await typingAlone(api, small) });
    return;
  }

  // VS Code is still activating its own extensions: let it finish first.
  const hostSettledMs = await quietHost();

  // 1. A 100k-record export (over VS Code's 50 MB limit for sharing text with extensions): opened in
  //    an editor, validated from disk.
  // RIS_BENCH_PROFILE_OPEN=FILE: a CPU profile of the extension host while the large file opens and is listed.
  const heapBefore = liveHeap();
  const openProfile = await startProfile(process.env['RIS_BENCH_PROFILE_OPEN']);
  const probe = stallProbe();
  const t0 = performance.now();
  const largePublished = nextValidation(api, large, t0);
  await vscode.commands.executeCommand('vscode.open', large);
  const largeDiagnosticsMs = await largePublished;
  const largeDiagnostics = vscode.languages.getDiagnostics(large).length;

  // 2. The References view with both files.
  const t1 = performance.now();
  const provider = api.referencesView.provider;
  const roots = (await provider.getChildren(undefined)) ?? [];
  const treeMs = performance.now() - t1;
  const t2 = performance.now();
  const firstGroup = roots[0] === undefined ? [] : ((await provider.getChildren(roots[0])) ?? []);
  const groupMs = performance.now() - t2;
  const stall = probe.stop();
  await openProfile?.();

  // 3. A 10k-record export opened as a document: time to diagnostics, then typing in its middle.
  const t3 = performance.now();
  const smallPublished = nextValidation(api, small, t3);
  const document = await vscode.workspace.openTextDocument(small);
  const smallOpenedMs = performance.now() - t3;
  const editor = await vscode.window.showTextDocument(document);
  const smallDiagnosticsMs = await smallPublished;
  await sleep(SETTLE_MS);
  // RIS_BENCH_PROFILE=FILE: a CPU profile of the extension host while typing, for finding where the time goes.
  const profile = await startProfile(process.env['RIS_BENCH_PROFILE']);
  const typingProbe = stallProbe();
  const keystrokes = await typeInMiddle(editor);
  const afterTyping = performance.now();
  const revalidationMs = await nextValidation(api, small, afterTyping);
  const typingStall = typingProbe.stop();
  await profile?.();
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  // Both files in the workspace index, the library and the References view (measured last: the
  // collection it forces would change what was measured after it).
  const heapAfter = liveHeap();

  const results = {
    vscode: vscode.version,
    large: { bytes: fs.statSync(large.fsPath).size, diagnosticsPublishedMs: largeDiagnosticsMs, diagnostics: largeDiagnostics },
    small: { bytes: fs.statSync(small.fsPath).size, lines: document.lineCount, documentOpenedMs: smallOpenedMs, diagnosticsPublishedMs: smallDiagnosticsMs },
    activationMs: api.activationMs,
    hostSettledMs,
    treeFirstLevelMs: treeMs,
    treeGroups: roots.length,
    treeFirstGroupMs: groupMs,
    treeFirstGroupItems: firstGroup.length,
    ...keystrokeStats(keystrokes),
    ...stallFigures('largeOpen', stall),
    largeOpenLongestStalls: stall.longest,
    largeOpenStallHistogramMaxMs: stall.histogramMaxMs,
    largeOpenStallP99Ms: stall.p99Ms,
    heapBeforeMb: heapBefore.mb,
    heapWithLargeMb: heapAfter.mb,
    heapCollected: heapBefore.collected && heapAfter.collected,
    ...stallFigures('typing', typingStall),
    revalidationAfterTypingMs: revalidationMs,
    /** What the extension logged about reading and checking the files (durations of its steps). */
    log: api.logEntries().map((e) => e.message).filter((m) => /in turns|check worker|Indexed|from disk/.test(m)),
  };
  write(results);
}

/** Prints the results and writes them to RIS_BENCH_RESULTS. */
function write(results: object): void {
  console.log(JSON.stringify(results, null, 2));
  if (process.env.RIS_BENCH_RESULTS) fs.writeFileSync(process.env.RIS_BENCH_RESULTS, JSON.stringify(results, null, 2));
}

/** How long a person looks at a file before typing: the workbench is still busy with a file's problems and links just after they come. */
const SETTLE_MS = 5000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Quiet time the extension host needs before a measurement, and the longest wait for it. */
const QUIET_MS = 2000;
const QUIET_WAIT_MS = 20_000;
/** A task longer than this ends the quiet time. */
const QUIET_TASK_MS = 20;
/** How often {@link quietHost} looks (a timer due every 10 ms that fires 20 ms late saw a task of 20 ms). */
const QUIET_TICK_MS = 10;

/**
 * Waits until the extension host has run no task over {@link QUIET_TASK_MS} for {@link QUIET_MS} (at most
 * {@link QUIET_WAIT_MS}); resolves to the time waited. VS Code activates its own extensions in this
 * host as it starts: loading its JSON language client was one task of 184-310 ms, 0.3 s into the
 * large export's opening, the longest stall of two profiled runs. That is not this extension's
 * work, and whether it fell into the measurement depended on how soon the measurement started.
 */
async function quietHost(): Promise<number> {
  const started = performance.now();
  let last = started;
  let quietSince = started;
  while (performance.now() - quietSince < QUIET_MS && performance.now() - started < QUIET_WAIT_MS) {
    await sleep(QUIET_TICK_MS);
    const now = performance.now();
    if (now - last > QUIET_TICK_MS + QUIET_TASK_MS) quietSince = now;
    last = now;
  }
  return performance.now() - started;
}

/** The latencies of one run of keystrokes: each (ms), median, worst. */
function keystrokeStats(keystrokes: number[]): { keystrokesMs: number[]; keystrokeMedianMs: number; keystrokeMaxMs: number } {
  return { keystrokesMs: keystrokes.map((k) => Math.round(k * 10) / 10), keystrokeMedianMs: median(keystrokes), keystrokeMaxMs: Math.max(...keystrokes) };
}

/**
 * Opens `small` alone, waits for its diagnostics, types into it at once, then again after
 * {@link SETTLE_MS} (the figures with targets); closes it. The same for the file as plain text.
 */
async function typingAlone(api: RisReferencesApi, small: vscode.Uri): Promise<object> {
  // RIS_BENCH_PROFILE_OPEN=FILE: with --alone, a CPU profile of the extension host while the small file opens.
  const openProfile = await startProfile(process.env['RIS_BENCH_PROFILE_OPEN']);
  const started = performance.now();
  const openProbe = stallProbe();
  const published = nextValidation(api, small, started);
  const opened = await vscode.workspace.openTextDocument(small);
  const documentOpenedMs = performance.now() - started;
  const editor = await vscode.window.showTextDocument(opened);
  const diagnosticsPublishedMs = await published;
  // The extension host while the file opens in an editor and its problems are listed.
  const openStall = openProbe.stop();
  await openProfile?.();
  const atOnce = await typeInMiddle(editor);
  await nextValidation(api, small, performance.now());
  await sleep(SETTLE_MS);
  // RIS_BENCH_RENDERER_PROFILE=FILE: the harness records a CPU profile of the workbench while typing.
  await rendererProfile('start');
  // RIS_BENCH_PROFILE=FILE: with --alone, the extension host's profile is of this typing.
  const profile = await startProfile(process.env['RIS_BENCH_PROFILE']);
  const probe = stallProbe();
  const keystrokes = await typeInMiddle(editor);
  await nextValidation(api, small, performance.now());
  const stall = probe.stop();
  await profile?.();
  await rendererProfile('stop');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  const plain = await typingAsPlainText(small);
  return {
    documentOpenedMs,
    diagnosticsPublishedMs,
    ...stallFigures('open', openStall),
    settleMs: SETTLE_MS,
    atOnce: keystrokeStats(atOnce),
    ...keystrokeStats(keystrokes),
    ...stallFigures('typing', stall),
    plain,
  };
}

/**
 * The baseline: the same export opened as plain text, which this extension leaves alone, typed into
 * the same way ({@link SETTLE_MS} after it opens): what VS Code (and the harness's browser workbench)
 * cost per keystroke by themselves.
 */
async function typingAsPlainText(small: vscode.Uri): Promise<object> {
  const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(small), 'plaintext');
  const editor = await vscode.window.showTextDocument(document);
  await sleep(SETTLE_MS);
  const probe = stallProbe();
  const keystrokes = await typeInMiddle(editor);
  const stall = probe.stop();
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return { languageId: document.languageId, ...keystrokeStats(keystrokes), typingLongestStallMs: stall.longestMs };
}

/**
 * Asks the harness (which reads this extension host's log) to start or stop a CPU profile of the
 * workbench, when RIS_BENCH_RENDERER_PROFILE is set; gives it a second to do so.
 */
async function rendererProfile(what: 'start' | 'stop'): Promise<void> {
  if (!process.env['RIS_BENCH_RENDERER_PROFILE']) return;
  console.log(`[ris-bench] renderer profile ${what}`);
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/** Starts V8's CPU profiler in this extension host when `file` is set; the function it returns writes the profile there. */
async function startProfile(file: string | undefined): Promise<(() => Promise<void>) | undefined> {
  if (file === undefined || file === '') return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string): Promise<unknown> =>
    new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

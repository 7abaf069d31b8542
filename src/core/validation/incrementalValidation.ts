/**
 * Re-validation after an edit that re-computes only what the edit can have changed, with the same
 * result as a full {@link validateRis} of the new document: same diagnostics, same order, same
 * messages, data and related locations (`test/unit/core/validation/incrementalValidation.test.ts`
 * checks that after thousands of random edits).
 *
 * {@link IncrementalValidator} keeps one entry per record of the last document it validated. The
 * incremental re-parse (`updateDocument`) keeps the record objects an edit did not touch (moved in
 * place when the edit shifted them), so the records of the new document that are the same objects
 * as before have the same lines, and everything the `record` rules (see `rules/rule.ts`) found about
 * them still holds, and follows the record when it moves (`movingDiagnostics.ts`). Per rule scope:
 * - `record` rules run again only for new record objects, and for a kept record whose signature
 *   changed (the next record's line, the file's house style) or that moved by lines when a finding
 *   holds a line number; their `document` part runs every time (outside lines, start of the file);
 * - `document` rules run every time (they read outside lines, bare CRs, the file's start and end);
 * - `cross-record` rules keep indexes updated from the changed records: duplicate keys and `ID`s
 *   grouped in file order, each record's duplicate findings made again only when one of its groups
 *   changed (`incrementalDuplicates.ts`), pandoc's keys by base key (`incrementalKeys.ts`), the
 *   other files' duplicates asked again only for new records or when the lookup's generation
 *   changed. A cross-record rule this module does not know makes it fall back to a full validation.
 *
 * The file's findings are assembled by chunks of records (`findingChunks.ts`): a chunk whose records
 * an edit did not touch, move in a way that matters or change the key or duplicate findings of,
 * gives its findings of the last run without a visit to each record.
 */

import { DiagnosticCode, type Severity } from './codes';
import type { RisDiagnostic, ValidateOptions } from './diagnostic';
import { PandocKeyIndex, type KeyHolder } from './incrementalKeys';
import { DuplicateFindings, RANK_ID, type CrossFindings, type DuplicateHolder } from './incrementalDuplicates';
import { RULES } from './rules';
import type { DuplicateHit } from './rules/duplicates';
import { recordKeyDiagnostics } from './rules/keyRules';
import { isRecordRule, tagLineTally, type RecordRule, type RuleContext, type TagLineTally, type TagLineTotals } from './rules/rule';
import { createRuleContext, resolveSeverities, validateRis } from './validate';
import { anchoredTo, isAnchored, shifted } from './movingDiagnostics';
import { Chunk, CHUNK_RECORDS, markChunks, type ChunkChanges } from './findingChunks';
import type { RisDocument, RisRecord } from '../ris/model';
import { textAt } from '../ris/pieceText';
import { finishSteps, type Pause } from '../ris/readInTurns';
import { recordDuplicateKeys } from './duplicateKeys';
import { keyFromIdIn } from '../keys/pandocKeys';

/** The cross-record rules this module keeps indexes for, by name. */
const CROSS_RECORD = new Set(['duplicate-id', 'duplicate-record', 'keys']);
const RANK_KEYS = RULES.findIndex((rule) => rule.name === 'keys');
/** False when a cross-record rule has no incremental counterpart here: validate in full then. */
const SUPPORTED = RULES.every((rule) => rule.scope !== 'cross-record' || CROSS_RECORD.has(rule.name));

const NO_DIAGNOSTICS: readonly RisDiagnostic[] = Object.freeze([]);
const NO_RANKS: readonly number[] = Object.freeze([]);

/** What one validation did, for tests and the benchmark. */
export interface IncrementalStats {
  /** True when nothing of the previous run could be used. */
  readonly full: boolean;
  /** Records whose `record`-rule findings were computed again. */
  readonly recordsChecked: number;
  /** Records that were not in the previous document. */
  readonly newRecords: number;
}

/** What the validator keeps about one record. */
class Entry implements KeyHolder, DuplicateHolder {
  base: string | undefined = undefined;
  fromId = false;
  prefix = '';
  key: string | undefined = undefined;
  private keyChangedFlag = true;
  /** The chunk whose findings hold this record's (see {@link Chunk}); undefined until one does. */
  chunk: Chunk | undefined = undefined;
  /** Findings of the `record` rules (in rule order) and their rule ranks, at `ownAt` / `ownIndex`; undefined: to compute. */
  own: readonly RisDiagnostic[] | undefined = undefined;
  ownRanks: readonly number[] = NO_RANKS;
  ownAt = 0;
  ownIndex = 0;
  /** The signature and first line they were computed with, and whether one holds a line number. */
  sig = '';
  line = 0;
  lineSensitive = false;
  /** `own` with the key findings, sorted as `validateRis` sorts them, at `at` / `index`; undefined: to build. */
  block: readonly RisDiagnostic[] | undefined = undefined;
  blockRanks: readonly number[] = NO_RANKS;
  /** True when every finding of `block` moves with the record by itself (see `movingDiagnostics.ts`). */
  blockMoves = true;
  at = 0;
  index = 0;
  tally: TagLineTally | undefined = undefined;
  /** See {@link DuplicateHolder}. */
  dupKeys: readonly string[] = [];
  cross: (DuplicateHit[] | undefined)[] | undefined = undefined;
  idField = -1;
  private crossFoundValue: CrossFindings | undefined = undefined;
  /** `block` merged with `crossFound`, and the two it was merged from. */
  merged: readonly RisDiagnostic[] = NO_DIAGNOSTICS;
  mergedRanks: readonly number[] = NO_RANKS;
  mergedBlock: readonly RisDiagnostic[] | undefined = undefined;
  mergedCross: CrossFindings | undefined = undefined;

  constructor(readonly record: RisRecord) {}

  /** See {@link KeyHolder}; setting it makes the record's chunk assemble its findings again. */
  get keyChanged(): boolean {
    return this.keyChangedFlag;
  }
  set keyChanged(changed: boolean) {
    this.keyChangedFlag = changed;
    if (changed && this.chunk !== undefined) this.chunk.clean = false;
  }

  /** See {@link DuplicateHolder}; a new value makes the record's chunk assemble its findings again. */
  get crossFound(): CrossFindings | undefined {
    return this.crossFoundValue;
  }
  set crossFound(found: CrossFindings | undefined) {
    if (found === this.crossFoundValue) return;
    this.crossFoundValue = found;
    if (this.chunk !== undefined) this.chunk.clean = false;
  }
}

/** Sorts findings with their ranks by (start, end, rank), stably: the order of `validateRis`. */
function sortWithRanks(diags: RisDiagnostic[], ranks: number[]): void {
  if (diags.length < 2) return;
  const order = diags.map((_, i) => i);
  order.sort((a, b) => diags[a]!.start - diags[b]!.start || diags[a]!.end - diags[b]!.end || ranks[a]! - ranks[b]! || a - b);
  const d = order.map((i) => diags[i]!);
  const r = order.map((i) => ranks[i]!);
  for (let i = 0; i < d.length; i++) {
    diags[i] = d[i]!;
    ranks[i] = r[i]!;
  }
}

/** True when `a` (rank `ra`) comes before `b` (rank `rb`) in `validateRis`'s order. */
function before(a: RisDiagnostic, ra: number, b: RisDiagnostic, rb: number): boolean {
  return a.start < b.start || (a.start === b.start && (a.end < b.end || (a.end === b.end && ra <= rb)));
}

/** The options that, when they change, make everything be computed again. */
function optionsSignature(options: ValidateOptions): string {
  // The encoding's three fields, not the object: a whole DecodedText would bring its text along.
  const enc = options.encoding;
  const encoding = enc === undefined ? null : [enc.encoding, enc.fallback, enc.replacementCharacters];
  return JSON.stringify([options.uri ?? '', options.severities ?? null, encoding, options.vetoes ?? null]);
}

/** Runs `f` with the rules' findings going to `target`. */
type WithSink = (target: RisDiagnostic[], f: () => void) => void;

/** What one run shares between its steps. */
interface RunState {
  readonly ctx: RuleContext;
  readonly active: readonly ActiveRule[];
  /** The active rules that have a signature. */
  readonly signed: readonly ActiveRule[];
  readonly withSink: WithSink;
  readonly sUncitable: Severity;
  readonly sUnpinned: Severity;
  readonly loose: readonly RisDiagnostic[];
  readonly looseRanks: readonly number[];
}

/** One run's enabled record rules, with their states. */
interface ActiveRule {
  readonly rule: RecordRule;
  readonly rank: number;
  readonly state: unknown;
}

/**
 * Validates successive versions of one document, re-computing after an edit only what it can have
 * changed (see the module comment). Give it the documents of `updateDocument` in order; any other
 * document (a fresh parse, another file) is validated in full and becomes the new base.
 */
export class IncrementalValidator {
  private doc: RisDocument | undefined;
  private entries: Entry[] = [];
  private optionsSig = '';
  private lookup: ValidateOptions['duplicates'];
  private lookupGeneration: number | undefined;
  private last: readonly RisDiagnostic[] = NO_DIAGNOSTICS;
  private readonly keys = new PandocKeyIndex();
  private readonly duplicates = new DuplicateFindings();
  private separatorSpacing = 0;
  private tagLines = 0;
  private stats: IncrementalStats = { full: true, recordsChecked: 0, newRecords: 0 };
  /** The last run's findings, by runs of {@link chunkRecords} records. */
  private chunks: Chunk[] = [];
  /** The last run's signature basis (see `RecordRule.signatureBasis`); undefined: none to compare with. */
  private basis: readonly unknown[] | undefined = undefined;
  /** The run under way: a run in turns stops when another run or a reset took over. */
  private token: object = {};

  /** `chunkRecords`: records per chunk of kept findings (tests make it small to cross many boundaries). */
  constructor(private readonly chunkRecords = CHUNK_RECORDS) {}

  /** What the last {@link validate} did. */
  get lastStats(): IncrementalStats {
    return this.stats;
  }

  /** Forgets the previous document: the next validation is a full one. */
  reset(): void {
    this.token = {};
    this.doc = undefined;
    this.entries = [];
    this.last = NO_DIAGNOSTICS;
    this.keys.clear();
    this.duplicates.clear();
    this.separatorSpacing = 0;
    this.tagLines = 0;
    this.chunks = [];
    this.basis = undefined;
  }

  /**
   * The diagnostics of `doc`: exactly `validateRis(doc, options)`. The list is the validator's own
   * (copying 70,000 findings after each keystroke cost more than the rest of a re-validation's
   * assembly): read it, do not change it.
   */
  validate(doc: RisDocument, options: ValidateOptions = {}): readonly RisDiagnostic[] {
    if (!SUPPORTED) return validateRis(doc, options);
    this.token = {};
    const sig = optionsSignature(options);
    if (this.doc === undefined || sig !== this.optionsSig || options.duplicates !== this.lookup) {
      this.reset();
      this.optionsSig = sig;
      this.lookup = options.duplicates;
    }
    const uri = options.uri ?? '';
    const generation = options.duplicates?.generation?.(uri);
    const lookupChanged = options.duplicates !== undefined && (generation === undefined || generation !== this.lookupGeneration);
    if (doc === this.doc && !lookupChanged) return this.last;
    const full = this.doc === undefined;
    let out: RisDiagnostic[];
    try {
      out = finishSteps(this.runSteps(doc, options, lookupChanged, Infinity));
    } catch (error) {
      // A half-updated state must not be used again: start afresh, and give the full result now.
      this.reset();
      if (full) throw error;
      return validateRis(doc, options);
    }
    this.finished(doc, generation, out, full);
    return out;
  }

  /**
   * A full {@link validate} (the previous document is forgotten) in turns of about `perTurn`
   * records with `pause` between them: first each record's duplicate keys and pandoc key are read
   * (remembered per record object), then the rules run chunk by chunk. For the first validation of
   * a large document on a thread that other work shares (a 22 MB export took 0.5–0.8 s at once).
   * Resolves to undefined when a {@link validate}, another `validateInTurns` or a {@link reset} took
   * over meanwhile; the validator then holds what that one left.
   */
  async validateInTurns(doc: RisDocument, options: ValidateOptions, pause: Pause, perTurn = 500): Promise<readonly RisDiagnostic[] | undefined> {
    if (!SUPPORTED) return validateRis(doc, options);
    this.reset();
    const token = this.token;
    const records = doc.records;
    for (let from = 0; from < records.length; from += perTurn) {
      for (let i = from; i < Math.min(records.length, from + perTurn); i++) {
        recordDuplicateKeys(records[i]!);
        keyFromIdIn(doc, records[i]!);
      }
      await pause();
      if (this.token !== token) return undefined;
    }
    this.optionsSig = optionsSignature(options);
    this.lookup = options.duplicates;
    const generation = options.duplicates?.generation?.(options.uri ?? '');
    const steps = this.runSteps(doc, options, options.duplicates !== undefined, perTurn);
    let out: RisDiagnostic[];
    try {
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done === true) {
          out = step.value;
          break;
        }
        await pause();
        // Taken over: the state is the other run's (this one's half-made state was reset by it).
        if (this.token !== token) return undefined;
      }
    } catch (error) {
      this.reset();
      throw error;
    }
    this.finished(doc, generation, out, true);
    return out;
  }

  /** Remembers a finished run's document and findings. */
  private finished(doc: RisDocument, generation: number | undefined, out: RisDiagnostic[], full: boolean): void {
    this.doc = doc;
    this.lookupGeneration = generation;
    this.last = out;
    this.stats = { ...this.stats, full };
  }

  /** One run over `doc`, in steps (each chunk of records that needs checking is one; `perStep` Infinity: no steps). */
  private *runSteps(doc: RisDocument, options: ValidateOptions, lookupChanged: boolean, perStep: number): Generator<void, RisDiagnostic[]> {
    const sev = resolveSeverities(options);
    const on = (code: DiagnosticCode): boolean => sev[code] !== 'ignore';
    const enabled = RULES.map((rule) => rule.codes.some(on));
    let sink: RisDiagnostic[] = [];
    const ctx = createRuleContext(doc, options, sev, (d) => sink.push(d));
    const withSink = (target: RisDiagnostic[], f: () => void): void => {
      const saved = sink;
      sink = target;
      try {
        f();
      } finally {
        sink = saved;
      }
    };

    const needKeys = enabled[RANK_KEYS] === true || enabled[RANK_ID] === true;
    const stepped = perStep !== Infinity;
    const { removed, from, to, touchedFrom } = yield* this.spliceSteps(doc, perStep);
    if (stepped) yield;
    if (needKeys) this.keys.update(doc, this.entries, removed, touchedFrom, to);
    if (stepped) yield;
    yield* this.duplicates.updateSteps(this.entries, removed, from, to, options, lookupChanged, perStep);
    if (stepped) yield;

    // The document parts, in rule order.
    const loose: RisDiagnostic[] = [];
    const looseRanks: number[] = [];
    RULES.forEach((rule, rank) => {
      if (!enabled[rank]) return;
      const n = loose.length;
      withSink(loose, () => {
        if (isRecordRule(rule)) rule.document(ctx);
        else if (rule.scope === 'document') rule.check(ctx);
      });
      for (let k = n; k < loose.length; k++) looseRanks.push(rank);
    });
    sortWithRanks(loose, looseRanks);

    const active = this.activeRules(ctx, enabled);
    // Records and lines kept their numbers: the findings of the groups nobody joined or left only move.
    const renumbered = this.doc === undefined || lookupChanged || removed.length !== to - from || doc.lineCount !== this.doc.lineCount;
    this.duplicates.refresh(ctx, enabled, withSink, removed, renumbered ? undefined : this.entries.slice(from, to));
    if (stepped) yield;
    const sUncitable = enabled[RANK_KEYS] === true ? sev[DiagnosticCode.UncitableKey] : 'ignore';
    const sUnpinned = enabled[RANK_KEYS] === true ? sev[DiagnosticCode.UnpinnedKey] : 'ignore';
    const signed = active.filter((a) => a.rule.signature !== undefined);
    const sameBasis = this.sameBasis(signed);
    const changes: ChunkChanges = { all: this.doc === undefined || lookupChanged || !sameBasis, from, to, records: to - from - removed.length };

    const { out, checked } = yield* this.collectSteps(doc, { ctx, active, signed, withSink, sUncitable, sUnpinned, loose, looseRanks }, changes, perStep);
    this.stats = { full: false, recordsChecked: checked, newRecords: to - from };
    return out;
  }

  /** True when the signed rules' basis is what it was at the last run (see `RecordRule.signatureBasis`); remembers it. */
  private sameBasis(signed: readonly ActiveRule[]): boolean {
    let basis: unknown[] | undefined = [];
    for (const a of signed) {
      const b = a.rule.signatureBasis?.(a.state);
      if (b === undefined) basis = undefined;
      else basis?.push(...b);
    }
    const last = this.basis;
    this.basis = basis;
    return basis !== undefined && last !== undefined && basis.length === last.length && basis.every((v, i) => v === last[i]);
  }

  /**
   * Every record's findings, merged with the document findings in `validateRis`'s order. The records
   * are taken by chunks: a chunk that nothing touched gives the findings it assembled last time (they
   * follow their records by themselves), any other visits its records and checks again those that
   * need it. `changes` says which records are new and whether their number changed.
   */
  private *collectSteps(doc: RisDocument, run: RunState, changes: ChunkChanges, perStep: number): Generator<void, { out: RisDiagnostic[]; checked: number }> {
    const { loose, looseRanks } = run;
    const n = doc.records.length;
    const size = this.chunkRecords;
    this.chunks = markChunks(this.chunks, doc.records, changes, size);
    // Written by index into room for the last run's count (growing an array of 70k findings by push costs more).
    const out: RisDiagnostic[] = new Array<RisDiagnostic>(this.last.length);
    let count = 0;
    let li = 0;
    let checked = 0;
    const chunks = this.chunks;
    for (let c = 0, lo = 0; lo < n; c++, lo += size) {
      let chunk = chunks[c];
      if (chunk === undefined) chunks[c] = chunk = new Chunk();
      if (!chunk.clean) {
        const before = checked;
        checked += this.assemble(chunk, doc, run, lo, Math.min(n, lo + size));
        // About `perStep` records checked since the last step: the next step.
        if (Math.floor(checked / perStep) > Math.floor(before / perStep)) yield;
      }
      const { items, ranks } = chunk;
      const m = items.length;
      if (m === 0) continue;
      if (li === loose.length || !before(loose[li]!, looseRanks[li]!, items[m - 1]!, ranks[m - 1]!)) {
        // No document finding comes before the chunk's last: the chunk's findings go as they are.
        for (let k = 0; k < m; k++) out[count++] = items[k]!;
        continue;
      }
      for (let k = 0; k < m; k++) {
        const d = items[k]!;
        while (li < loose.length && before(loose[li]!, looseRanks[li]!, d, ranks[k]!)) out[count++] = loose[li++]!;
        out[count++] = d;
      }
    }
    chunks.length = Math.ceil(n / size);
    while (li < loose.length) out[count++] = loose[li++]!;
    out.length = count;
    return { out, checked };
  }

  /**
   * Visits records `[lo, hi)`: checks again those whose findings do not hold any more, moves the
   * others' to their records' places, and assembles the chunk's findings. Returns how many records
   * it checked.
   */
  private assemble(chunk: Chunk, doc: RisDocument, run: RunState, lo: number, hi: number): number {
    const { ctx, signed } = run;
    const entries = this.entries;
    const items = chunk.items;
    const ranks = chunk.ranks;
    items.length = 0;
    ranks.length = 0;
    let checked = 0;
    let lineBound = false;
    let moves = true;
    let current: Entry | undefined;
    const tally = (): TagLineTally => (current!.tally ??= tagLineTally(current!.record));
    for (let i = lo; i < hi; i++) {
      const e = entries[i]!;
      const r = e.record;
      current = e;
      e.chunk = chunk;
      let sig = '';
      for (let k = 0; k < signed.length; k++) sig += signed[k]!.rule.signature!(ctx, r, i, signed[k]!.state, tally);
      if (e.own === undefined || e.sig !== sig || (e.lineSensitive && e.line !== r.startLine)) {
        this.checkRecord(e, i, sig, run.active, run.withSink, ctx);
        checked++;
      }
      if (e.keyChanged) {
        e.keyChanged = false;
        e.block = undefined;
      }
      if (e.block === undefined) this.buildBlock(e, i, doc, run.sUncitable, run.sUnpinned);
      else if (e.at !== r.start || e.index !== i) this.moveBlock(e, i);
      if (e.lineSensitive || sig !== '') lineBound = true;
      if (!e.blockMoves) moves = false;
      let found = e.block!;
      let foundRanks = e.blockRanks;
      const extra = e.crossFound;
      if (extra !== undefined) {
        if (e.mergedBlock !== found || e.mergedCross !== extra) this.merge(e, extra);
        found = e.merged;
        foundRanks = e.mergedRanks;
      }
      for (let k = 0; k < found.length; k++) {
        items.push(found[k]!);
        ranks.push(foundRanks[k]!);
      }
    }
    chunk.assembled(doc.records, lo, hi, lineBound, moves);
    return checked;
  }

  /**
   * Lines the entries up with `doc.records`: the records that are the same objects as in the last
   * document keep theirs. Returns the entries that left, the range of new ones `[from, to)`, and the
   * first record whose pandoc reference may have changed (`touchedFrom`, through `to` inclusive).
   */
  private *spliceSteps(doc: RisDocument, perStep: number): Generator<void, { removed: Entry[]; from: number; to: number; touchedFrom: number }> {
    const oldRecords = this.doc?.records ?? [];
    const records = doc.records;
    const m = Math.min(oldRecords.length, records.length);
    let p = 0;
    while (p < m && oldRecords[p] === records[p]) p++;
    let s = 0;
    while (s < m - p && oldRecords[oldRecords.length - 1 - s] === records[records.length - 1 - s]) s++;
    const removed = this.entries.slice(p, oldRecords.length - s);
    const added: Entry[] = [];
    for (let i = p; i < records.length - s; i++) {
      added.push(new Entry(records[i]!));
    }
    for (const e of removed) {
      this.separatorSpacing -= (e.tally ??= tagLineTally(e.record)).separatorSpacing;
      this.tagLines -= e.tally.tagLines;
    }
    for (let k = 0; k < added.length; k++) {
      const e = added[k]!;
      this.separatorSpacing += (e.tally ??= tagLineTally(e.record)).separatorSpacing;
      this.tagLines += e.tally.tagLines;
      if (k % perStep === perStep - 1) yield;
    }
    if (added.length < 10_000 && removed.length < 10_000) this.entries.splice(p, removed.length, ...added);
    else this.entries = [...this.entries.slice(0, p), ...added, ...this.entries.slice(oldRecords.length - s)];
    // The reference of the record before may run on into the changed ones; the one after may start or stop running on.
    let touchedFrom = p;
    while (touchedFrom > 0 && records[touchedFrom - 1]!.unterminated === 'next-type') touchedFrom--;
    return { removed, from: p, to: records.length - s, touchedFrom };
  }

  /** The record rules this run, with their per-run states. */
  private activeRules(ctx: RuleContext, enabled: readonly boolean[]): ActiveRule[] {
    let totals: TagLineTotals | undefined;
    const totalsOf = (): TagLineTotals => {
      if (totals !== undefined) return totals;
      let first: RisRecord | undefined;
      if (this.separatorSpacing > 0) {
        for (const e of this.entries) {
          if ((e.tally ??= tagLineTally(e.record)).separatorSpacing > 0) {
            first = e.record;
            break;
          }
        }
      }
      return (totals = { separatorSpacing: this.separatorSpacing, tagLines: this.tagLines, firstSeparatorSpacing: first });
    };
    const active: ActiveRule[] = [];
    RULES.forEach((rule, rank) => {
      if (enabled[rank] && isRecordRule(rule)) active.push({ rule, rank, state: rule.prepare(ctx, totalsOf) });
    });
    return active;
  }

  /** Runs the record rules on record `i` (entry `e`). */
  private checkRecord(e: Entry, i: number, sig: string, active: readonly ActiveRule[], withSink: WithSink, ctx: RuleContext): void {
    const own: RisDiagnostic[] = [];
    const ranks: number[] = [];
    let lineSensitive = false;
    const r = e.record;
    withSink(own, () => {
      for (const a of active) {
        const n = own.length;
        a.rule.record(ctx, r, i, a.state);
        const lineDependent = a.rule.lineDependent;
        for (let k = n; k < own.length; k++) {
          ranks.push(a.rank);
          if (lineDependent !== false && lineDependent(own[k]!)) lineSensitive = true;
        }
      }
    });
    e.own = own;
    e.ownRanks = ranks;
    e.ownAt = r.start;
    e.ownIndex = i;
    e.sig = sig;
    e.line = r.startLine;
    e.lineSensitive = lineSensitive;
    e.block = undefined;
  }

  /** The record's own findings and its key findings, sorted, at its current place. */
  private buildBlock(e: Entry, i: number, doc: RisDocument, sUncitable: Severity, sUnpinned: Severity): void {
    const r = e.record;
    const dOffset = r.start - e.ownAt;
    const own = e.own!;
    const diags: RisDiagnostic[] = own.map((d) => anchoredTo(d, r, dOffset, i));
    const ranks = e.ownRanks.slice();
    if (e.base !== undefined && e.key !== undefined && (sUncitable !== 'ignore' || sUnpinned !== 'ignore')) {
      const n = diags.length;
      recordKeyDiagnostics(textAt(doc, r.start), r, i, e.key, e.fromId, sUncitable, sUnpinned, (code, severity, message, start, end, data) => diags.push({ code, severity, message, start, end, data }));
      for (let k = n; k < diags.length; k++) {
        diags[k] = anchoredTo(diags[k]!, r, 0, i);
        ranks.push(RANK_KEYS);
      }
    }
    sortWithRanks(diags, ranks);
    e.blockMoves = diags.every(isAnchored);
    e.block = diags;
    e.blockRanks = ranks;
    e.at = r.start;
    e.index = i;
  }

  /** Merges the entry's block with its duplicate findings, in `validateRis`'s order. */
  private merge(e: Entry, extra: CrossFindings): void {
    const d = [...e.block!, ...extra.diags];
    const k = [...e.blockRanks, ...extra.ranks];
    sortWithRanks(d, k);
    e.merged = d;
    e.mergedRanks = k;
    e.mergedBlock = e.block;
    e.mergedCross = extra;
  }

  /**
   * Moves the record's cached findings to its current place: the anchored ones follow their record
   * by themselves, so only a new record number or a finding with a related location is redone.
   */
  private moveBlock(e: Entry, i: number): void {
    const dOffset = e.record.start - e.at;
    if (e.block!.length > 0 && (e.index !== i || !e.blockMoves)) e.block = e.block!.map((d) => (isAnchored(d) ? (e.index === i ? d : anchoredTo(d, e.record, 0, i)) : shifted(d, dOffset, i)));
    e.at = e.record.start;
    e.index = i;
  }
}

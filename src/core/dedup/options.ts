/**
 * What counts as a duplicate: the options of the deduplication engine, validated with zod. The
 * user-visible ones are the `ris.duplicates.*` settings (see settings/settingsSchema.ts); the
 * others are for callers (human decisions, block sizes).
 */
import * as z from 'zod/mini';

/** A person's decision about two records, by the `ref`s the caller gave them. */
export interface PairDecision {
  readonly a: string;
  readonly b: string;
  /** True: the two are the same reference; false: they are not (never group them). */
  readonly duplicate: boolean;
}

/** The engine's options; every field is optional in what a caller passes (see {@link parseDedupOptions}). */
export interface DedupOptions {
  /** Keep a conference paper or abstract apart from a journal article with the same title (default true). */
  readonly keepConferenceAbstractsApart: boolean;
  /** Keep a preprint (arXiv, medRxiv, SSRN…) apart from the published article (default true). */
  readonly keepPreprintsApart: boolean;
  /** Decisions a person made; they override the engine for those pairs. */
  readonly decisions: readonly PairDecision[];
  /** Blocks (records sharing one blocking key) larger than this are not compared within (default 64). */
  readonly maxBlockSize: number;
}

const decisionSchema = z.object({ a: z.string(), b: z.string(), duplicate: z.boolean() });

/** The zod schema of {@link DedupOptions} as a caller writes it (all optional). */
export const dedupOptionsSchema = z.object({
  keepConferenceAbstractsApart: z.optional(z.boolean()),
  keepPreprintsApart: z.optional(z.boolean()),
  decisions: z.optional(z.array(decisionSchema)),
  maxBlockSize: z.optional(z.number().check(z.int(), z.minimum(2), z.maximum(100000))),
});

/** The defaults of {@link DedupOptions}. */
export const DEFAULT_DEDUP_OPTIONS: DedupOptions = {
  keepConferenceAbstractsApart: true,
  keepPreprintsApart: true,
  decisions: [],
  maxBlockSize: 64,
};

/** Options from what a caller wrote, defaults filled in; throws a readable error for an invalid value. */
export function parseDedupOptions(raw: unknown = {}): DedupOptions {
  const parsed = dedupOptionsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid deduplication option ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'not understood'}`);
  }
  const o = parsed.data;
  return {
    keepConferenceAbstractsApart: o.keepConferenceAbstractsApart ?? DEFAULT_DEDUP_OPTIONS.keepConferenceAbstractsApart,
    keepPreprintsApart: o.keepPreprintsApart ?? DEFAULT_DEDUP_OPTIONS.keepPreprintsApart,
    decisions: o.decisions ?? [],
    maxBlockSize: o.maxBlockSize ?? DEFAULT_DEDUP_OPTIONS.maxBlockSize,
  };
}

import type { DedupMember, DedupPair, DedupResult, DedupRule } from '../../../pipeline/dedup/dedup-types.ts';
import type { TruthDuplicate, TruthMember } from '../../../synthetic/truth.ts';

/*
 * Scores one dedup run against truth.json. Pure: the caller reads the warehouse and passes plain
 * rows in. A record is named two ways: by its place (file base name, sheet, row), which is what
 * the generator knows, and by (institution code, national ID), which is what dedup pairs carry;
 * the loaded rows join the two.
 */

export const SCORED_RULES: readonly DedupRule[] = ['same-id', 'same-name-dob', 'probable'];

/** A record as the examples print it: the review fields of a dedup member. */
export type RecordView = Pick<
  DedupMember,
  'institutionCode' | 'sheet' | 'row' | 'nationalId' | 'firstName' | 'lastName' | 'birthDate'
>;

/** A row that ingestion accepted into `pupils` or `children`. */
export interface LoadedRow extends RecordView {
  /** The submission's file name (base name, as uploaded). */
  readonly fileName: string;
  readonly submissionId: number;
}

/** Why a found pair is not a true positive of its rule. */
export type FalsePositiveKind =
  | 'near-miss' // a planted twin or namesake pair merged
  | 'other-rule' // a planted duplicate of another rule, found under this one
  | 'not-planted'; // two records truth does not relate

export interface FoundPairView {
  readonly rule: DedupRule;
  readonly score: number;
  readonly reasons: readonly string[];
  readonly a: RecordView;
  readonly b: RecordView;
  /** The planted group's rule and variant, when both records belong to one. */
  readonly planted: string | null;
}

export interface MissedPairView {
  readonly variant: string;
  readonly a: RecordView;
  readonly b: RecordView;
  /** Rules that linked the two records instead, if any. */
  readonly foundAs: readonly DedupRule[];
}

export interface RuleQuality {
  readonly rule: DedupRule;
  /** Planted pairs of this rule whose records all loaded. */
  readonly expected: number;
  /** Planted pairs of this rule left out because ingestion rejected a record. */
  readonly excluded: number;
  /** Pairs the run reported under this rule. */
  readonly found: number;
  readonly truePositives: number;
  /** Found pairs of exact copies (same ID, names, birth date) that truth plants for another reason: not counted either way. */
  readonly explainedCopies: number;
  readonly falsePositives: ReadonlyArray<FoundPairView & { readonly kind: FalsePositiveKind }>;
  readonly missed: readonly MissedPairView[];
  /** truePositives / (found − explainedCopies); 1 when nothing was found. */
  readonly precision: number;
  /** truePositives / expected; 1 when nothing was expected. */
  readonly recall: number;
  /** Clusters of this rule, and those whose members are exactly one planted group of this rule. */
  readonly clusters: number;
  readonly exactClusters: number;
}

const locKey = (file: string, sheet: string, row: number): string => `${file}\u001f${sheet}\u001f${row}`;
const idKey = (institutionCode: string, nationalId: string): string =>
  `${institutionCode}\u001f${nationalId}`;
const pairKey = (x: string, y: string): string => (x < y ? `${x}\u001e${y}` : `${y}\u001e${x}`);

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

/** Indexes of the loaded rows and of the planted groups, shared by every run of one data set. */
export class TruthIndex {
  private readonly loadedByLoc = new Map<string, LoadedRow>();
  private readonly loadedById = new Map<string, LoadedRow>();
  /** Planted pair (of loaded id keys) → its group. */
  readonly plantedPairs = new Map<
    string,
    { readonly group: TruthDuplicate; readonly a: string; readonly b: string }
  >();
  /** Groups with a member that did not load, per rule. */
  readonly excluded = new Map<string, number>();

  constructor(duplicates: readonly TruthDuplicate[], loaded: readonly LoadedRow[]) {
    for (const row of loaded) {
      this.loadedByLoc.set(locKey(row.fileName, row.sheet, row.row), row);
      this.loadedById.set(idKey(row.institutionCode, row.nationalId), row);
    }
    for (const group of duplicates) {
      const keys = group.members.map((m) => this.resolve(m));
      if (keys.some((k) => k === null)) {
        this.excluded.set(group.rule, (this.excluded.get(group.rule) ?? 0) + 1);
        continue;
      }
      const ids = keys as string[];
      for (let i = 0; i < ids.length; i++)
        for (let j = i + 1; j < ids.length; j++)
          this.plantedPairs.set(pairKey(ids[i]!, ids[j]!), { group, a: ids[i]!, b: ids[j]! });
    }
  }

  /** The (institution, ID) key of a truth member's loaded row, by place first, then by ID; null if it did not load. */
  private resolve(member: TruthMember): string | null {
    const byLoc = this.loadedByLoc.get(locKey(baseName(member.file), member.sheet, member.row));
    if (byLoc) return idKey(byLoc.institutionCode, byLoc.nationalId);
    const byId = this.loadedById.get(idKey(member.institutionCode, member.nationalId));
    return byId ? idKey(byId.institutionCode, byId.nationalId) : null;
  }

  view(key: string): RecordView {
    const row = this.loadedById.get(key);
    if (!row) {
      const [institutionCode = '', nationalId = ''] = key.split('\u001f');
      return {
        institutionCode,
        sheet: '?',
        row: 0,
        nationalId,
        firstName: '?',
        lastName: '?',
        birthDate: '?',
      };
    }
    const { institutionCode, sheet, row: n, nationalId, firstName, lastName, birthDate } = row;
    return { institutionCode, sheet, row: n, nationalId, firstName, lastName, birthDate };
  }

  isExactCopy(a: string, b: string): boolean {
    const x = this.loadedById.get(a);
    const y = this.loadedById.get(b);
    return (
      x !== undefined &&
      y !== undefined &&
      x.nationalId === y.nationalId &&
      x.firstName === y.firstName &&
      x.lastName === y.lastName &&
      x.birthDate === y.birthDate
    );
  }
}

/**
 * Precision and recall of each rule over pairs. A planted duplicate is one pair of records (all
 * pairs, for a larger group); a found pair is one row of `dedup_pairs`. A found pair of rule R is
 * a true positive when both records are one planted group of rule R. Twins and namesakes merged,
 * planted groups of another rule and unrelated records are false positives, except pairs of exact
 * copies (same ID, names and birth date) that truth does not list: those are reported aside.
 */
export function scoreRun(index: TruthIndex, result: DedupResult, pairs: readonly DedupPair[]): RuleQuality[] {
  const foundByRule = new Map<string, Set<DedupRule>>();
  for (const p of pairs) {
    const key = pairKey(
      idKey(p.a.institutionCode, p.a.nationalId),
      idKey(p.b.institutionCode, p.b.nationalId),
    );
    const rules = foundByRule.get(key) ?? new Set<DedupRule>();
    rules.add(p.rule);
    foundByRule.set(key, rules);
  }
  return SCORED_RULES.map((rule) => scoreRule(index, rule, result, pairs, foundByRule));
}

function scoreRule(
  index: TruthIndex,
  rule: DedupRule,
  result: DedupResult,
  pairs: readonly DedupPair[],
  foundByRule: ReadonlyMap<string, ReadonlySet<DedupRule>>,
): RuleQuality {
  const ofRule = pairs.filter((p) => p.rule === rule);
  let truePositives = 0;
  let explainedCopies = 0;
  const falsePositives: Array<FoundPairView & { kind: FalsePositiveKind }> = [];
  for (const p of ofRule) {
    const a = idKey(p.a.institutionCode, p.a.nationalId);
    const b = idKey(p.b.institutionCode, p.b.nationalId);
    const planted = index.plantedPairs.get(pairKey(a, b));
    if (planted?.group.rule === rule) {
      truePositives++;
      continue;
    }
    if (!planted && index.isExactCopy(a, b)) {
      explainedCopies++;
      continue;
    }
    const kind: FalsePositiveKind = !planted
      ? 'not-planted'
      : planted.group.rule === 'near-miss'
        ? 'near-miss'
        : 'other-rule';
    falsePositives.push({
      kind,
      rule,
      score: p.score,
      reasons: p.reasons,
      a: index.view(a),
      b: index.view(b),
      planted: planted ? `${planted.group.rule}/${planted.group.variant}` : null,
    });
  }
  const missed: MissedPairView[] = [];
  let expected = 0;
  for (const [key, planted] of index.plantedPairs) {
    if (planted.group.rule !== rule) continue;
    expected++;
    const found = foundByRule.get(key);
    if (found?.has(rule)) continue;
    missed.push({
      variant: planted.group.variant,
      a: index.view(planted.a),
      b: index.view(planted.b),
      foundAs: [...(found ?? [])],
    });
  }
  const clusters = result.clusterList.filter((c) => c.rule === rule);
  const exactClusters = clusters.filter((c) => {
    const keys = c.members.map((m) => idKey(m.institutionCode, m.nationalId));
    if (keys.length !== 2) return false;
    return index.plantedPairs.get(pairKey(keys[0]!, keys[1]!))?.group.rule === rule;
  }).length;
  const judged = ofRule.length - explainedCopies;
  return {
    rule,
    expected,
    excluded: index.excluded.get(rule) ?? 0,
    found: ofRule.length,
    truePositives,
    explainedCopies,
    falsePositives,
    missed,
    precision: judged === 0 ? 1 : truePositives / judged,
    recall: expected === 0 ? 1 : truePositives / expected,
    clusters: clusters.length,
    exactClusters,
  };
}

/**
 * The duplicate rules, most certain first. A pair of records is labelled with exactly one rule.
 * - `same-id`: one national ID (or G-code) in two institutions of a round: a double subsidy.
 * - `same-name-dob`: one normalised full name, birth date and sex under different IDs.
 * - `probable`: near-equal names in one province with the same birth date, or the same name
 *   with a birth date off by a day/month swap, a year, or 543 years (BE/CE).
 */
export type DedupRule = 'same-id' | 'same-name-dob' | 'probable';

export const DEDUP_RULES: readonly DedupRule[] = ['same-id', 'same-name-dob', 'probable'];

/** The default score a `probable` pair needs, in [0, 1]. */
export const DEFAULT_PROBABLE_THRESHOLD = 0.85;

/** Counts per rule, in the JSON spelling of the rules. */
export interface DedupRuleCounts {
  readonly sameId: number;
  readonly sameNameDob: number;
  readonly probable: number;
}

/** Where a run stands; `running` rows that never finish mark a crashed process. */
export type DedupRunStatus = 'running' | 'succeeded' | 'failed';

/** Points at which a run calls {@link DedupHooks.afterStage}; `before-commit` runs inside the swap transaction. */
export type DedupStage = 'people' | 'pairs' | 'clusters' | 'before-commit';

export interface DedupHooks {
  /** Called after each stage; a throw aborts the run and leaves the previous results in place. */
  readonly afterStage?: (stage: DedupStage) => void | Promise<void>;
}

export interface DedupRunOptions {
  readonly roundId: string;
  /** Minimum score of a `probable` pair; {@link DEFAULT_PROBABLE_THRESHOLD} when omitted. */
  readonly threshold?: number;
  /** The run's start, stored as `started_at`. */
  readonly now: Date;
  readonly hooks?: DedupHooks;
}

export interface DedupRunSummary {
  readonly runId: number;
  readonly roundId: string;
  readonly status: 'succeeded';
  readonly threshold: number;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly durationMs: number;
  /** Pupil and child rows of the round that were compared. */
  readonly rowsScanned: number;
  /** Distinct records (institution, ID) in at least one cluster. */
  readonly flaggedRecords: number;
  readonly clusters: number;
  /** Clusters per rule. */
  readonly byRule: DedupRuleCounts;
  /** Pairs per rule. */
  readonly pairsByRule: DedupRuleCounts;
  /** Blocks of the `probable` rule too large to compare pairwise (see `MAX_BLOCK_ROWS`). */
  readonly oversizedBlocks: number;
  /** Clusters of rule `same-school` (not in `clusters`, which counts children). */
  readonly schoolClaims: number;
}

/** One flagged record as the review screen shows it. */
export interface DedupMember {
  readonly institutionCode: string;
  readonly laoCode: string | null;
  readonly provinceCode: string | null;
  readonly submissionId: number;
  readonly sheet: string;
  readonly row: number;
  readonly nationalId: string;
  readonly firstName: string;
  readonly lastName: string;
  /** ISO `yyyy-mm-dd`. */
  readonly birthDate: string;
}

export interface DedupCluster {
  /** Stable while the members stay the same: a hash of the rule, round and sorted member keys. */
  readonly clusterId: string;
  readonly rule: DedupRule;
  readonly score: number;
  readonly members: DedupMember[];
}

/** A round's current duplicate results. */
export interface DedupResult {
  readonly round: string;
  readonly clusters: number;
  /** Distinct records (institution, ID) in at least one cluster. */
  readonly records: number;
  /** Clusters per rule. */
  readonly byRule: DedupRuleCounts;
  readonly clusterList: DedupCluster[];
}

/** A record's identity across runs and rounds. */
export interface MemberKey {
  readonly institutionCode: string;
  readonly nationalId: string;
}

/**
 * An institution's answer about a flagged record, after the OPEC model. 100 keeps the record in
 * the counts; 201–206 remove it (and 206 needs a note saying why).
 */
export const DEDUP_OUTCOMES = {
  100: 'ศึกษาอยู่ที่นี่',
  201: 'ไม่พบตัว',
  202: 'จบการศึกษา',
  203: 'ย้ายออก',
  204: 'ติดต่อไม่ได้',
  205: 'เสียชีวิต',
  206: 'อื่น ๆ',
} as const;

export type DedupOutcome = keyof typeof DEDUP_OUTCOMES;

export interface DedupDecisionInput extends MemberKey {
  readonly roundId: string;
  readonly clusterId: string;
  readonly outcome: DedupOutcome;
  readonly note?: string | null;
  readonly decidedBy: string;
  readonly decidedAt: Date;
}

export interface NotSameInput {
  readonly roundId: string;
  readonly a: MemberKey;
  readonly b: MemberKey;
  readonly note?: string | null;
  readonly markedBy: string;
  readonly markedAt: Date;
}

/** One pair behind a cluster, with the evidence. */
export interface DedupPair {
  readonly clusterId: string;
  readonly rule: DedupRule;
  readonly a: MemberKey;
  readonly b: MemberKey;
  readonly score: number;
  /** e.g. `one-digit`, `transposition`, `first-name-tone-or-vowel`, `be-ce-slip`, `school-cdc`, `cross-province`. */
  readonly reasons: string[];
}

/** Counted heads of one province, each unresolved duplicate group counted once. */
export interface ProvinceTotals {
  readonly provinceCode: string | null;
  readonly pupils: number;
  readonly children: number;
  readonly total: number;
  /** Records left out of the totals because another member of their open group is counted. */
  readonly collapsedDuplicates: number;
  /** Institutions with at least one record in an unresolved duplicate group. */
  readonly flaggedInstitutions: number;
}

export interface FlaggedInstitution {
  readonly institutionCode: string;
  readonly laoCode: string | null;
  readonly provinceCode: string | null;
  /** Its records in unresolved duplicate groups, still waiting for an answer or a not-same mark. */
  readonly openRecords: number;
}

/** An LAO as a same-school claim names it, with what the registry says of it. */
export interface ClaimingLao {
  readonly laoCode: string;
  /** Null when the registry no longer lists the LAO. */
  readonly laoName: string | null;
  readonly provinceCode: string | null;
}

/** One LAO's claim on an other-affiliation school: where it reported the school and how many pupils. */
export interface SchoolClaim extends ClaimingLao {
  readonly submissionId: number;
  readonly sheet: string;
  readonly row: number;
  /** The school's name as the LAO wrote it. */
  readonly schoolName: string;
  /** Pupils อ.1–ป.6 (both sexes) the LAO reported for the school: the heads it is paid for. */
  readonly pupils: number;
}

/**
 * Rule `same-school`: one other-affiliation school (by school code) reported by two or more LAOs
 * in one round, a double claim on its lunch and milk money.
 */
export interface SchoolClaimCluster {
  /** Stable while the claiming LAOs stay the same: a hash of the rule, round, school and LAO codes. */
  readonly clusterId: string;
  readonly rule: 'same-school';
  readonly schoolCode: string;
  /** The school's name in the registry, null when the registry does not list it. */
  readonly registeredName: string | null;
  /** The LAO the registry assigns the school to, null when the registry does not list it. */
  readonly owner: ClaimingLao | null;
  /** One per claiming LAO, in LAO code order. */
  readonly claims: SchoolClaim[];
}

/** A round's current same-school clusters (`sis dedup schools --json`). */
export interface SchoolClaimResult {
  readonly round: string;
  readonly clusters: number;
  readonly clusterList: SchoolClaimCluster[];
}

/** Where a cluster of children stands; see `dedup_cluster_status`. */
export type ClusterStatus = 'open' | 'resolved' | 'conflict';

/** A member of a cluster in conflict, with its latest decision. */
export interface ConflictMember extends DedupMember {
  readonly outcome: DedupOutcome | null;
  readonly decidedBy: string | null;
  /** ISO instant. */
  readonly decidedAt: string | null;
}

/**
 * A cluster two or more of whose records are answered 100: escalated to the province(s) of its
 * members, which settle it by marking a record (201–206) or the pair as different children.
 */
export interface ConflictCluster {
  readonly clusterId: string;
  readonly rule: DedupRule;
  readonly status: 'conflict';
  /** The provinces it is escalated to: those of its members, in code order. */
  readonly provinceCodes: string[];
  readonly members: ConflictMember[];
}

/** A round's clusters in conflict (`sis dedup conflicts --json`). */
export interface ConflictResult {
  readonly round: string;
  readonly clusters: number;
  readonly clusterList: ConflictCluster[];
}

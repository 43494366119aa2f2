/**
 * The columns of each staged table, in the order the loader reads them. Staged rows carry only
 * what the file says; the loader adds submission, round and institution when it loads them.
 */
export type StagedType = 'VARCHAR' | 'INTEGER';

export interface StagedColumn {
  readonly name: string;
  readonly type: StagedType;
}

const v = (name: string): StagedColumn => ({ name, type: 'VARCHAR' });
const i = (name: string): StagedColumn => ({ name, type: 'INTEGER' });

const LINEAGE = [v('sheet'), i('row_number')];
/**
 * `id_cell` locates the ID for checks the loader makes (G-code province), `school_cell` the
 * school code (other-affiliation schools the registry lacks); neither is loaded.
 */
const PERSON = [
  v('id_cell'),
  v('national_id'),
  v('id_kind'),
  v('prefix'),
  v('first_name'),
  v('last_name'),
  v('sex'),
  v('birth_date'),
];

export const STAGED_TABLES = {
  pupils: [
    ...LINEAGE,
    ...PERSON,
    v('grade'),
    v('room'),
    v('nationality'),
    v('disability'),
    v('disadvantage'),
  ],
  children: [...LINEAGE, ...PERSON, i('age_group'), v('nationality'), v('disability'), v('disadvantage')],
  other_school_counts: [
    ...LINEAGE,
    v('school_cell'),
    v('school_code'),
    v('school_name'),
    v('affiliation'),
    v('grade'),
    v('sex'),
    i('pupils'),
  ],
  issues: [
    i('seq'),
    v('severity'),
    v('code'),
    v('sheet'),
    v('cell'),
    i('row_number'),
    v('column_header'),
    v('field'),
    v('value'),
    v('message'),
  ],
} as const satisfies Record<string, readonly StagedColumn[]>;

export type StagedTableName = keyof typeof STAGED_TABLES;

/** The words clerks pick in the templates' dropdowns (prefixes, sex); the pipeline reads the same words. */

export type Sex = 'M' | 'F';

export interface PrefixEntry {
  readonly canonical: string;
  readonly sex: Sex;
  readonly spellings: readonly string[];
}

/** Name prefixes of pupils and children, with the sex each implies. */
export const PREFIXES: readonly PrefixEntry[] = [
  { canonical: 'ด.ช.', sex: 'M', spellings: ['ด.ช.', 'ดช', 'เด็กชาย', 'ด.ช'] },
  { canonical: 'ด.ญ.', sex: 'F', spellings: ['ด.ญ.', 'ดญ', 'เด็กหญิง', 'ด.ญ'] },
  { canonical: 'นาย', sex: 'M', spellings: ['นาย', 'mr'] },
  { canonical: 'น.ส.', sex: 'F', spellings: ['น.ส.', 'นส', 'นางสาว', 'miss', 'ms'] },
  { canonical: 'นาง', sex: 'F', spellings: ['นาง', 'mrs'] },
  { canonical: 'สามเณร', sex: 'M', spellings: ['สามเณร', 'ส.ณ.', 'สณ', 'เณร'] },
];

/** The sex column's two choices, as the template's dropdown offers them. */
export const SEX_TH: Record<Sex, string> = { M: 'ชาย', F: 'หญิง' };

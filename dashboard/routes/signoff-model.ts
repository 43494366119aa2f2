import type { NationalTotals } from '../../pipeline/signoff/national-totals.ts';
import type { ProvincesStatus, ProvinceStatus } from '../../pipeline/signoff/province-status.ts';

export const STATUS_TH: Record<string, string> = {
  draft: 'ร่าง (ยังไม่รับรอง)',
  certified: 'รับรองแล้ว',
  stale: 'ข้อมูลเปลี่ยนหลังรับรอง ต้องรับรองใหม่',
  sent: 'ส่งกรมแล้ว',
};
const FORM_TH: Record<string, string> = {
  form2: 'แบบ 2',
  form3: 'แบบ 3',
  form4: 'แบบ 4',
  form5: 'แบบ 5',
  subsidy: 'เงินอุดหนุน',
};
/** The totals shown per output on the department's page (all of them stay in the JSON). */
const SHOWN_TOTALS: Record<string, ReadonlyArray<readonly [string, string]>> = {
  form2: [
    ['pupils.total.total', 'นักเรียน'],
    ['teachers', 'ครู'],
    ['classrooms', 'ห้องเรียน'],
  ],
  form3: [
    ['laos', 'อปท.'],
    ['schools', 'โรงเรียน'],
    ['cdcs', 'ศพด.'],
  ],
  form4: [
    ['pupils.total.total', 'นักเรียน อ.1–ป.6'],
    ['lunchEligible', 'ได้อาหารกลางวัน'],
    ['milkEligible', 'ได้อาหารเสริม (นม)'],
  ],
  form5: [
    ['children.total.total', 'เด็กเล็ก'],
    ['centresRegistered', 'ศพด.'],
    ['caregivers', 'ผู้ดูแลเด็ก'],
  ],
  subsidy: [
    ['lunchBaht', 'อาหารกลางวัน (บาท)'],
    ['milkBaht', 'อาหารเสริม (บาท)'],
    ['totalBaht', 'รวม (บาท)'],
  ],
};

function bangkok(iso: string | null): string {
  if (!iso) return '-';
  return new Date(Date.parse(iso) + 7 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

function row(p: ProvinceStatus) {
  return {
    ...p,
    statusTh: STATUS_TH[p.status] ?? p.status,
    certifiedAtBangkok: bangkok(p.certifiedAt),
    sentAtBangkok: bangkok(p.sentAt),
    percent: p.expected === 0 ? '-' : `${Math.round((100 * p.accepted) / p.expected)}%`,
  };
}

/** Provinces with a registry or a certification (the others have nothing to show). */
export function provinceRows(status: ProvincesStatus) {
  return status.provinces.filter((p) => p.expected > 0 || p.version !== null).map(row);
}

export function signoffModel(status: ProvincesStatus, province: string) {
  const p = status.provinces.find((x) => x.province === province);
  return {
    roundId: status.round,
    province,
    formsDueBangkok: bangkok(status.formsDueAt),
    daysLeft: status.daysLeft,
    p: p ? row(p) : null,
    forms: Object.entries(FORM_TH).map(([form, name]) => ({ form, name })),
    isDraft: !p || p.status === 'draft',
    isStale: p?.status === 'stale',
    isCertified: p?.status === 'certified',
    hasVersion: p?.version !== null && p?.version !== undefined,
  };
}

export function totalsModel(totals: NationalTotals) {
  return {
    certifiedProvinces: totals.certified.join(', ') || '-',
    uncertified: totals.uncertified.map((u) => ({ ...u, statusTh: STATUS_TH[u.status] ?? u.status })),
    totals: totals.forms.map((f) => ({
      name: FORM_TH[f.form] ?? f.form,
      figures: (SHOWN_TOTALS[f.form] ?? []).map(([k, label]) => ({ label, value: f.totals[k] ?? 0 })),
    })),
  };
}

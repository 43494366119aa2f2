import { acceptedChart } from '../../pipeline/completeness/accepted-chart.ts';
import { KIND_TH, STATUS_TH, chaseRows } from '../../pipeline/completeness/chase-list.ts';
import {
  pupilsChangeFlag,
  tallyCompleteness,
  type Completeness,
  type CompletenessRow,
  type CompletenessTotals,
} from '../../pipeline/completeness/completeness-types.ts';
import type { Reference } from '../../pipeline/reference/reference.ts';

/** Rows of the chase list shown on the page; the download holds them all. */
const CHASE_ON_PAGE = 300;
const BANGKOK = new Intl.DateTimeFormat('th-TH', {
  timeZone: 'Asia/Bangkok',
  dateStyle: 'long',
  timeStyle: 'short',
});

/** Everything `completeness.hbs` shows, built from one read of the summary. */
export function completenessView(c: Completeness, reference: Reference, now: Date): Record<string, unknown> {
  const provinceName = (code: string) => reference.provinces.find((p) => p.code === code)?.name_th ?? code;
  const query = `round=${encodeURIComponent(c.round)}${c.province ? `&province=${c.province}` : ''}`;
  const chase = chaseRows(c);
  return {
    title: c.province
      ? `ความครบถ้วนของการส่งข้อมูล จังหวัด${provinceName(c.province)}`
      : 'ความครบถ้วนของการส่งข้อมูล ทั้งประเทศ',
    round: c.round,
    province: c.province,
    rounds: reference.rounds.map((r) => ({ id: r.round_id, selected: r.round_id === c.round })),
    closesAtTh: BANGKOK.format(c.closesAt),
    timeLeft: timeLeftTh(c.closesAt, now),
    previousRound: c.previousRound,
    totals: totalsView(c.totals),
    provinces: c.province
      ? []
      : groupBy(c.institutions, (r) => r.provinceCode).map(([code, rows]) => ({
          code,
          name: provinceName(code),
          ...totalsView(tallyCompleteness(rows)),
        })),
    districts: c.province ? districtsView(c.institutions) : [],
    chase: chase.slice(0, CHASE_ON_PAGE).map(rowView),
    chaseCount: chase.length,
    chaseMore: Math.max(0, chase.length - CHASE_ON_PAGE),
    csvHref: `/completeness/not-submitted.csv?${query}`,
    xlsxHref: `/completeness/not-submitted.xlsx?${query}`,
    jsonHref: `/api/completeness?${query}`,
    chart: acceptedChart(c.acceptedByDay, c.opensAt, c.closesAt),
    acceptedFiles: c.acceptedByDay.reduce((sum, d) => sum + d.files, 0),
  };
}

/** Time to the window's close, in Thai; "ปิดแล้ว" once closed. */
export function timeLeftTh(closesAt: Date, now: Date): string {
  const ms = closesAt.getTime() - now.getTime();
  if (ms <= 0) return 'ปิดรับข้อมูลแล้ว (closed)';
  const hours = Math.floor(ms / 3_600_000);
  const days = Math.floor(hours / 24);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  if (days > 0) return `เหลือ ${days} วัน ${hours % 24} ชั่วโมง`;
  return `เหลือ ${hours} ชั่วโมง ${minutes} นาที`;
}

function totalsView(t: CompletenessTotals) {
  const percent = t.expected === 0 ? 0 : Math.round(((t.accepted + t.partial) / t.expected) * 1000) / 10;
  return { ...t, percent };
}

function districtsView(rows: readonly CompletenessRow[]) {
  return groupBy(rows, (r) => r.district).map(([district, inDistrict]) => ({
    district,
    ...totalsView(tallyCompleteness(inDistrict)),
    laos: groupBy(inDistrict, (r) => r.laoCode).map(([laoCode, inLao]) => ({
      laoCode,
      laoName: inLao[0]!.laoName,
      ...totalsView(tallyCompleteness(inLao)),
      institutions: inLao.map(rowView),
    })),
  }));
}

function rowView(r: CompletenessRow) {
  const flag = pupilsChangeFlag(r.pupils, r.previousPupils);
  return {
    ...r,
    kindTh: KIND_TH[r.kind] ?? r.kind,
    statusTh: STATUS_TH[r.status],
    flagTh: flag === 'drop' ? 'ลดลงเกิน 20%' : flag === 'rise' ? 'เพิ่มขึ้นเกิน 20%' : null,
  };
}

/** Consecutive rows grouped by a key, in their order (the query orders by province, district, LAO). */
function groupBy<T>(rows: readonly T[], key: (row: T) => string): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return [...groups];
}

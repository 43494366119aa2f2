/**
 * Plausible numbers of LAOs per province, used only as weights for synthetic data. They are rounded
 * from memory of DLA summaries and are NOT official counts; the generator rescales them so the whole
 * country has {@link NATIONAL_LAO_COUNT} LAOs at scale 1.
 */
// prettier-ignore
export const LAO_WEIGHTS: Readonly<Record<string, number>> = {
  '10': 1, '11': 49, '12': 46, '13': 64, '14': 158, '15': 65, '16': 125, '17': 43, '18': 66, '19': 110,
  '20': 99, '21': 68, '22': 77, '23': 43, '24': 105, '25': 73, '26': 45, '27': 68,
  '30': 333, '31': 209, '32': 172, '33': 216, '34': 240, '35': 88, '36': 141, '37': 63, '38': 62, '39': 66,
  '40': 225, '41': 178, '42': 98, '43': 63, '44': 142, '45': 203, '46': 151, '47': 139, '48': 103, '49': 53,
  '50': 211, '51': 58, '52': 101, '53': 78, '54': 83, '55': 99, '56': 71, '57': 144, '58': 45,
  '60': 149, '61': 56, '62': 94, '63': 64, '64': 90, '65': 103, '66': 89, '67': 127,
  '70': 105, '71': 114, '72': 122, '73': 116, '74': 39, '75': 36, '76': 93, '77': 63,
  '80': 185, '81': 62, '82': 51, '83': 19, '84': 137, '85': 30, '86': 78,
  '90': 141, '91': 41, '92': 100, '93': 73, '94': 113, '95': 64, '96': 88,
};

/** LAOs in the whole country at scale 1 (about 7,850). */
export const NATIONAL_LAO_COUNT = 7850;

/** A province's share of the country's LAOs at a scale, before rounding (Bangkok: one LAO, times the scale). */
export function laoShare(provinceCode: string, scale: number): number {
  if (provinceCode === '10') return scale;
  const weight = LAO_WEIGHTS[provinceCode] ?? 80;
  let total = 0;
  for (const w of Object.values(LAO_WEIGHTS)) total += w;
  return (weight / total) * NATIONAL_LAO_COUNT * scale;
}

/** The number of LAOs a province gets at a scale: its share of the country, at least one. */
export function laoCountForProvince(provinceCode: string, scale: number): number {
  if (provinceCode === '10') return 1;
  return Math.max(1, Math.round(laoShare(provinceCode, scale)));
}

/**
 * What the mean numbers of institutions per LAO are multiplied by: the province's share over its
 * rounded LAO count (close to 1 at scale 1; far from it when a small scale rounds a lot).
 */
export function institutionFactor(provinceCode: string, scale: number): number {
  return laoShare(provinceCode, scale) / laoCountForProvince(provinceCode, scale);
}

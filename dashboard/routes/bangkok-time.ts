const BANGKOK_OFFSET_MS = 7 * 3600 * 1000;

/** An instant as Bangkok wall-clock text (`2019-11-15 23:59`): Asia/Bangkok is UTC+7 all year. */
export function bangkokTime(iso: string): string {
  return new Date(Date.parse(iso) + BANGKOK_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** A Bangkok wall-clock value of a `datetime-local` field (`2019-11-15T23:59`) as a UTC ISO instant. */
export function fromBangkokLocal(local: string): string {
  const withSeconds = local.length === 16 ? `${local}:00` : local;
  return new Date(`${withSeconds}+07:00`).toISOString();
}

/** An instant as the value a `datetime-local` field shows in Bangkok time. */
export function toBangkokLocal(iso: string): string {
  return new Date(Date.parse(iso) + BANGKOK_OFFSET_MS).toISOString().slice(0, 16);
}

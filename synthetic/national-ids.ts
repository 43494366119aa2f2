import { pad } from './digits.ts';
import type { Rng } from './prng.ts';

/** First digits of children's IDs and how often they occur (1 = born in Thailand and registered). */
const FIRST_DIGITS: ReadonlyArray<readonly [string, number]> = [
  ['1', 900],
  ['0', 35],
  ['2', 10],
  ['3', 5],
  ['4', 5],
  ['5', 5],
  ['6', 12],
  ['7', 13],
  ['8', 10],
];
const RUNNING_SPACE = 10_000_000;
const G_RUNNING_SPACE = 100_000_000;

/**
 * The check digit of 12 digits, as the Department of Provincial Administration defines it:
 * s = Σ dᵢ·(14 − i) for i = 1..12, check = (11 − s mod 11) mod 10. The generator keeps its own
 * implementation so that truth.json does not inherit a bug of the pipeline's validator.
 */
export function checkDigit(first12: string): number {
  let s = 0;
  for (let i = 1; i <= 12; i++) s += Number(first12.charAt(i - 1)) * (14 - i);
  return (11 - (s % 11)) % 10;
}

/** Appends the check digit to 12 digits. */
export function withCheckDigit(first12: string): string {
  return `${first12}${checkDigit(first12)}`;
}

/**
 * Issues IDs for one province without collisions: digit 1 by frequency, digits 2–3 the province,
 * 4–5 a registration office, 6–12 a scrambled running number per (first digit, office), then the
 * check digit. Every ID handed out, including planted variants, is remembered so none repeats.
 */
export class IdIssuer {
  private readonly counters = new Map<string, number>();
  private readonly issued = new Set<string>();
  private gRunning = 0;

  constructor(
    private readonly provinceCode: string,
    private readonly offices: number,
  ) {}

  /** A fresh valid national ID. */
  nationalId(rng: Rng): string {
    const first = rng.weighted(FIRST_DIGITS);
    const office = pad(rng.int(1, this.offices), 2);
    const key = `${first}${office}`;
    for (;;) {
      const n = (this.counters.get(key) ?? 0) + 1;
      this.counters.set(key, n);
      const scrambled = (n * 7_654_321 + hashKey(key)) % RUNNING_SPACE;
      const id = withCheckDigit(`${first}${this.provinceCode}${office}${pad(scrambled, 7)}`);
      if (this.claim(id)) return id;
    }
  }

  /** A fresh G-code: G, 2-digit BE year of issue, province, 8-digit running number. */
  gCode(rng: Rng, academicYear: number): string {
    const year = String(academicYear - rng.int(0, 6)).slice(-2);
    this.gRunning++;
    const scrambled = (this.gRunning * 48_271 + 12_345) % G_RUNNING_SPACE;
    return `G${year}${this.provinceCode}${pad(scrambled, 8)}`;
  }

  /** The next number in the same book (twins are registered together), or a fresh ID. */
  sibling(id: string, rng: Rng): string {
    const running = Number(id.slice(5, 12));
    const next = withCheckDigit(`${id.slice(0, 5)}${pad((running + 1) % RUNNING_SPACE, 7)}`);
    return this.claim(next) ? next : this.nationalId(rng);
  }

  /**
   * A typo of a valid ID that still passes the checksum: one digit of positions 4–12 changed, or
   * two adjacent ones swapped, then the check digit recomputed. Returns the 1-based positions
   * changed, or null when no unused variant was found.
   */
  typo(
    id: string,
    kind: 'digit-changed' | 'transposed',
    rng: Rng,
  ): { id: string; positions: number[] } | null {
    for (let attempt = 0; attempt < 30; attempt++) {
      const digits = id.slice(0, 12).split('');
      let positions: number[];
      if (kind === 'digit-changed') {
        const i = rng.int(3, 11);
        const old = digits[i]!;
        let d = old;
        while (d === old) d = String(rng.int(0, 9));
        digits[i] = d;
        positions = [i + 1];
      } else {
        const i = rng.int(3, 10);
        if (digits[i] === digits[i + 1]) continue;
        [digits[i], digits[i + 1]] = [digits[i + 1]!, digits[i]!];
        positions = [i + 1, i + 2];
      }
      const variant = withCheckDigit(digits.join(''));
      if (this.claim(variant)) return { id: variant, positions };
    }
    return null;
  }

  private claim(id: string): boolean {
    if (this.issued.has(id)) return false;
    this.issued.add(id);
    return true;
  }
}

function hashKey(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) % RUNNING_SPACE;
  return h;
}

/** A 13-digit ID whose check digit is wrong (a clerk's typo that breaks the checksum). */
export function breakChecksum(id: string, rng: Rng): string {
  const check = Number(id[12]);
  const wrong = (check + rng.int(1, 9)) % 10;
  return `${id.slice(0, 12)}${wrong}`;
}

/** An ID that is not 13 digits: a digit dropped, one added, or a letter typed for a digit. */
export function malformId(id: string, rng: Rng): string {
  const digits = id.startsWith('G') ? id.slice(1) : id;
  const i = rng.int(1, 11);
  switch (rng.int(0, 2)) {
    case 0:
      return `${digits.slice(0, i)}${digits.slice(i + 1)}`;
    case 1:
      return `${digits.slice(0, i)}${rng.int(0, 9)}${digits.slice(i)}`;
    default:
      return `${digits.slice(0, i)}${rng.pick(['O', 'o', 'l', 'x'])}${digits.slice(i + 1)}`;
  }
}

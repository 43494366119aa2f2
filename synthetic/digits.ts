/** Left-pads a number with zeros to a width (`pad(7, 3)` → `007`). */
export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** ASCII digits to Thai digits ๐–๙ (U+0E50–U+0E59), as some clerks type them. */
export function toThaiDigits(text: string): string {
  return text.replace(/[0-9]/gu, (d) => String.fromCharCode(0x0e50 + Number(d)));
}

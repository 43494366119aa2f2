/** Zero-based column index to Excel's column letters (`0` → `A`, `26` → `AA`). */
export function columnLetters(columnIndex: number): string {
  let n = columnIndex + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

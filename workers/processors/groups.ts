/**
 * Packs files into groups in their order: a group closes at `parseFiles` members, or before a
 * file that would take it past `parseBytes` (a file bigger than that travels alone).
 */
export function packGroups<T extends { readonly size: number }>(
  items: readonly T[],
  limits: { readonly parseFiles: number; readonly parseBytes: number },
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const full = current.length >= limits.parseFiles || bytes + item.size > limits.parseBytes;
    if (current.length > 0 && full) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

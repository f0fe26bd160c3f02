/** Up to `count` of `names` closest to `wanted` (edit distance), for "did you mean" lists in errors. */
export function closestNames(wanted: string, names: readonly string[], count = 5): string[] {
  return names
    .map((name) => ({ name, d: editDistance(wanted.toLowerCase(), name.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((e) => e.name);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}

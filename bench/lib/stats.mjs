// Small statistics for the benchmarks: median and percentiles (nearest rank) of plain number arrays.

/** The p-th percentile (0..100) by nearest rank, so a reported p99 is a value that was really seen. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** p50/p90/p99/max and the count, the shape every latency table here uses. */
export function summary(values) {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return {
    n: values.length,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: values.length ? max : NaN,
  };
}

/** a / b, or NaN when either is missing, so a broken run shows as NaN instead of a fake ratio. */
export function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN;
}

export interface BenchReport {
  /** One figure: printed as `name: value unit` (and kept for a summary). */
  figure(name: string, value: number, unit: string, note?: string): void;
}

export function createReport(): BenchReport {
  return {
    figure(name, value, unit, note) {
      const shown = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 3 : 1);
      console.log(`  ${name}: ${shown} ${unit}${note ? `  (${note})` : ''}`);
    },
  };
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

import type { BenchReport } from '../report';

export interface BenchSuite {
  name: string;
  run(report: BenchReport): Promise<void>;
}

/** One line per suite. */
export const suites: BenchSuite[] = [];

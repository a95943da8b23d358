/**
 * `npm run bench`: prints figures, asserts nothing. Each suite in tests/bench/suites/ exports
 * `{ name, run(report) }`. Run one suite with `npm run bench -- <name>`.
 */
import os from 'node:os';
import { suites } from './suites/index';
import type { BenchReport } from './report';
import { createReport } from './report';

const only = process.argv[2];
const report: BenchReport = createReport();
console.log(
  `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`,
);
for (const suite of suites) {
  if (only && suite.name !== only) continue;
  console.log(`\n== ${suite.name}`);
  await suite.run(report);
}

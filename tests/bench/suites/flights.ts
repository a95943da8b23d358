/**
 * The flight board of a charter: 200 beneficiaries on one flight, 100 checked at a desk and 50 more
 * paid and stamped. The figure is the time to build the board (flights.board), median and p95 of 20.
 */
import { performance } from 'node:perf_hooks';
import { pvFor, supervisorPost } from '../../../main/demo/supervisor-fixtures';
import type { BenchReport } from '../report';
import { percentile } from '../report';
import type { BenchSuite } from './index';

const CHARTER = 200;

async function run(report: BenchReport): Promise<void> {
  const { services, steps } = await supervisorPost();
  const ticket = { mode: 'air' as const, carrier: 'AT', flightNumber: '900', date: '2026-06-15' };
  const pvs = Array.from({ length: CHARTER }, (_, i) => pvFor(i % 10 === 9 ? 'SDN' : 'GIN', `Nom${i}`, `Prenom ${i}`, { ticket }));
  steps.importPvs(pvs);
  for (const pv of pvs.slice(0, CHARTER / 2)) steps.verify(pv);
  for (const pv of pvs.slice(CHARTER / 2, (CHARTER * 3) / 4)) steps.depart(pv);
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    const board = services.flights.board('2026-06-15');
    times.push(performance.now() - t);
    size = board.flights.find((f) => f.key === 'AIR:AT900:2026-06-15')?.beneficiaries.length ?? 0;
  }
  report.figure('board load (200-beneficiary charter), median', percentile(times, 50), 'ms', `${size} beneficiaries`);
  report.figure('board load (200-beneficiary charter), p95', percentile(times, 95), 'ms');
  await services.close();
}

export const flightsSuite: BenchSuite = { name: 'flights', run };

/**
 * Setup of the chaos tier: every random choice of a chaos test (which moment a process is killed,
 * which PV a child pays) comes from one seed, printed at the start. `RVA_SEED=<seed>` replays the
 * same choices; the machine's timing still differs, so a replay repeats the schedule of kills, not
 * the exact instruction each kill lands on.
 */
import { chaosSeed, seededRandom } from './random';

const seed = chaosSeed();
Math.random = seededRandom(seed);
// For the tests' own summaries.
process.env.RVA_CHAOS_SEED = String(seed);
process.stdout.write(`chaos seed ${seed} (replay: RVA_SEED=${seed})\n`);

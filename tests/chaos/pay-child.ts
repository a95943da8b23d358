/**
 * A post process that pays per diems through the real service, for the kill and race tests.
 * Bundled by the test (esbuild) and run with plain node. Writes `ACK <pvNumber> <paymentId>` on
 * stdout after each committed payment, and `DUP <pvNumber>` when the service refuses a second one.
 *   node launch.mjs pay-child.cjs loop DATA_DIR SEED      pays random PVs from the pool until killed
 *   node launch.mjs pay-child.cjs once DATA_DIR PASSAGE   waits for "go" on stdin, pays one passage, exits
 *   node launch.mjs pay-child.cjs warm DATA_DIR           opens the post, pays one PV, writes the code cache, exits
 */
import { createInterface } from 'node:readline';
import { createAppServices } from '../../main/services/app-services';
import { silentLogger } from '../../main/services/runtime';
import { SAMPLE_NOW } from '../../core/departure/testing';
import { TINY_SIGNATURE_PNG, boardingPassFor, mrzFor } from '../../main/testing/passage-fixtures';
import { osProtector } from './os-key-store';
import { POOL_SIZE, poolPv } from './pool';

const [mode, dataDir, arg] = process.argv.slice(2);
// The pool's PVs fly on the sample day: run the post's clock from then.
const started = Date.now();
const clock = { now: () => SAMPLE_NOW + (Date.now() - started) };
async function main(): Promise<void> {
  // Opened as the Electron app opens a post: SQLCipher, the key sealed by the OS key store.
  const services = await createAppServices({
    dataDir: dataDir as string,
    mode: 'electron',
    version: 'test',
    logger: silentLogger,
    clock,
    secretProtector: osProtector(),
    // The paying loop never lets a timer run, so only the hard cap checkpoints there: kept low, so
    // that kills also land in checkpoints (and each start checkpoints what the last kill left).
    dbMaintenance: mode === 'loop' ? { softCapPages: 16, hardCapPages: 32 } : undefined,
  });
  const escort = services.db.prepare("SELECT id FROM users WHERE role = 'escort' LIMIT 1").get() as { id: string };
  const actor = { userId: escort.id, role: 'escort' as const };

  function payOnce(passageId: string, receipt: string): void {
    const paid = services.departures.payPerDiem(
      { passageId, receiptNumber: receipt, formsSigned: true, signaturePng: TINY_SIGNATURE_PNG },
      actor,
    );
    if (paid.ok) {
      const perDiem = paid.value.timeline?.perDiem;
      process.stdout.write(`ACK ${paid.value.pv?.pvNumber} ${perDiem?.id}\n`);
    } else if (paid.error.code === 'alreadyDone') {
      process.stdout.write(`DUP ${passageId}\n`);
    } else {
      process.stdout.write(`ERR ${paid.error.code} ${paid.error.message}\n`);
    }
  }

  process.stdout.write('READY\n');
  if (mode === 'warm') {
    const pv = poolPv(0);
    const view = services.departures.verify(
      {
        scans: [
          { source: 'wedge', raw: mrzFor(pv) },
          { source: 'wedge', raw: boardingPassFor(pv) },
        ],
      },
      actor,
    );
    if (!view.ok) throw new Error(view.error.message);
    payOnce(view.value.passageId, 'WARM-0');
    (globalThis as { rvaWriteCodeCache?: () => void }).rvaWriteCodeCache?.();
    await services.close();
    process.exit(0);
  } else if (mode === 'loop') {
    let seed = Number(arg) || 1;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; ; i++) {
      const pv = poolPv(Math.floor(random() * POOL_SIZE));
      const view = services.departures.verify(
        {
          scans: [
            { source: 'wedge', raw: mrzFor(pv) },
            { source: 'wedge', raw: boardingPassFor(pv) },
          ],
        },
        actor,
      );
      if (!view.ok) throw new Error(view.error.message);
      payOnce(view.value.passageId, `K-${seed}-${i}`);
    }
  } else if (mode === 'once') {
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) {
      if (line.trim() === 'go') break;
    }
    payOnce(arg as string, `P-${process.pid}`);
    await services.close();
    process.exit(0);
  }
}

main().catch((error: unknown) => {
  process.stdout.write(`ERR crash ${String(error)}\n`);
  process.exit(1);
});

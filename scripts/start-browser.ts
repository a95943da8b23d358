/**
 * `npm run start:browser`: the app in a browser on this machine, with the real services, synced
 * with an embedded demo centre (PGlite, loopback) unless RVA_CENTRAL_URL names a real one.
 * Post data in ./data/browser (RVA_DATA_DIR), centre data in ./data/centre; port RVA_PORT.
 */
import { resolve } from 'node:path';
import { startHarness } from '../main/harness/harness';
import { demoPvsFlyingToday, seedDemo } from '../main/demo/demo-seed';
import type { SyncConfig } from '../main/services/sync-service';
import { startDemoCentre } from '../server/embedded';

const dataDir = resolve(process.env.RVA_DATA_DIR ?? 'data/browser');
const port = Number(process.env.RVA_PORT ?? 0);

let centre: Awaited<ReturnType<typeof startDemoCentre>> | null = null;
let sync: SyncConfig;
if (process.env.RVA_CENTRAL_URL) {
  sync = { baseUrl: process.env.RVA_CENTRAL_URL, ...(process.env.RVA_ENROL_CODE ? { enrolCode: process.env.RVA_ENROL_CODE } : {}) };
} else {
  centre = await startDemoCentre({ dataDir: resolve('data/centre'), pvs: demoPvsFlyingToday(Date.now()) });
  sync = { baseUrl: centre.url, enrolCode: await centre.issueEnrolCode('CMN') };
}
const harness = await startHarness({ dataDir, port, seed: seedDemo, sync });
process.stdout.write(
  `RVA Départ (browser mode) for post ${harness.services.post.post.code}\n` +
    `  data:   ${dataDir}\n` +
    `  centre: ${sync.baseUrl}${centre ? ' (embedded demo centre)' : ''}\n` +
    `  open:   ${harness.url}\n`,
);

const stop = () => {
  void harness
    .close()
    .then(() => centre?.close())
    .then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

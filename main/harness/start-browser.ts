/**
 * `npm run start:browser`: the app in a browser on this machine, with the real services.
 * Data in ./data/browser (or RVA_DATA_DIR); port from RVA_PORT (default: a free one).
 */
import { resolve } from 'node:path';
import { startHarness } from './harness';

const dataDir = resolve(process.env.RVA_DATA_DIR ?? 'data/browser');
const port = Number(process.env.RVA_PORT ?? 0);
const harness = await startHarness({ dataDir, port, demo: true });
process.stdout.write(`RVA Départ (browser mode) for post ${harness.services.post.post.code}\n  data: ${dataDir}\n  open: ${harness.url}\n`);

const stop = () => {
  void harness.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/**
 * The embedded demo centre as its own process (for `npm start`): PGlite in ./data/centre, HTTP on
 * loopback, the demo PVs flying today. Prints one JSON line `{"url","enrolCode"}` (a fresh
 * one-time code for post CMN), then serves until stopped.
 */
import { resolve } from 'node:path';
import { demoPvsFlyingToday } from '../main/demo/demo-seed';
import { startDemoCentre } from '../server/embedded';

const centre = await startDemoCentre({
  dataDir: resolve(process.env.RVA_CENTRE_DIR ?? 'data/centre'),
  pvs: demoPvsFlyingToday(Date.now()),
});
process.stdout.write(`${JSON.stringify({ url: centre.url, enrolCode: await centre.issueEnrolCode('CMN') })}\n`);
const stop = () => {
  void centre.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

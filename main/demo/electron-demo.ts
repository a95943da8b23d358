/**
 * DEMO ONLY: the Electron entry of `npm start -- --demo`. Seeds the demo post (users with known
 * PINs, the demo PVs and the public demo PV key) into a data folder of its own, then starts the
 * same shell as production. Not shipped (electron-builder.yml excludes it); a packaged build
 * refuses it anyway.
 */
import { setDemoSeeder } from '../app/demo-shell';
import { seedDemo } from './demo-seed';

setDemoSeeder(seedDemo);
await import('../app/index');

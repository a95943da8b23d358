/**
 * A centre embedded in the app for the demo (`npm start` / browser mode when no central URL is
 * configured): PGlite under `dataDir`, loopback only, per diem settings seeded, and a
 * fresh one-time code so the demo post enrols like a real one and shows real sync. It speaks TLS
 * with its own self-signed certificate (the post pins its fingerprint) and says it is a demo on `/health`.
 */
import type { Pv } from '../core/departure/pv';
import type { CentralSettings } from '../core/sync/protocol';
import type { RunningServer } from './start';
import { startServer } from './start';

export const DEMO_SETTINGS: CentralSettings = { perDiem: { amount: 10_000, currency: 'USD', periodDays: 365 } };

export interface DemoCentre extends RunningServer {
  /** A new one-time enrolment code for `postCode`. */
  issueEnrolCode(postCode: string): Promise<string>;
}

export async function startDemoCentre(options: {
  dataDir: string;
  port?: number;
  pvs?: Pv[];
  settings?: CentralSettings;
}): Promise<DemoCentre> {
  const server = await startServer({
    dataDir: options.dataDir,
    port: options.port ?? 0,
    host: '127.0.0.1',
    tls: 'self-signed',
    demo: true,
  });
  try {
    await server.store.putSettings(options.settings ?? DEMO_SETTINGS);
    if (options.pvs && options.pvs.length > 0) {
      const result = await server.store.importPvs(options.pvs);
      if (result.errors.length > 0) throw new Error(`demo PVs invalid: ${result.errors.length} errors`);
    }
  } catch (error) {
    await server.close();
    throw error;
  }
  return { ...server, issueEnrolCode: async (postCode) => (await server.store.createEnrolCode(postCode)).code };
}

import { resolve } from 'node:path';
import { createAppServices } from '../../main/services/app-services';
import { silentLogger } from '../../main/services/runtime';
import type { CliCommand } from '../io';

const USAGE = 'usage: import-pvs FILE [--format json|csv] [--data-dir DIR]   (DIR defaults to $RVA_DATA_DIR or data/browser)\n';

/**
 * Loads PVs into a post database from a JSON or CSV file. A bad file is refused whole: the errors
 * name the line and field, and nothing is imported. Prints `{"ok":true,"received","written"}` or
 * `{"ok":false,"errors":[...]}`; exit 0 when imported, 1 when refused, 2 on usage errors.
 */
export const importPvsCommand: CliCommand = {
  summary: 'load PVs from a JSON or CSV file into the post database',
  async run(args, io) {
    let file: string | undefined;
    let format: 'json' | 'csv' | undefined;
    let dataDir = process.env.RVA_DATA_DIR ?? 'data/browser';
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--format') {
        const f = args[++i];
        if (f !== 'json' && f !== 'csv') return (io.stderr(USAGE), 2);
        format = f;
      } else if (a === '--data-dir') {
        const d = args[++i];
        if (!d) return (io.stderr(USAGE), 2);
        dataDir = d;
      } else if (a && !a.startsWith('--') && !file) file = a;
      else return (io.stderr(USAGE), 2);
    }
    if (!file) return (io.stderr(USAGE), 2);
    format ??= file.toLowerCase().endsWith('.csv') ? 'csv' : 'json';
    let content: string;
    try {
      content = io.readFile(file).toString('utf8');
    } catch {
      io.stderr(`import-pvs: cannot read ${file}\n`);
      return 1;
    }
    const services = await createAppServices({
      dataDir: resolve(dataDir),
      mode: 'browser',
      version: 'cli',
      logger: silentLogger,
    });
    try {
      const result = services.departures.importPvs(content, format, null);
      io.stdout(`${JSON.stringify(result)}\n`);
      return result.ok ? 0 : 1;
    } finally {
      await services.close();
    }
  },
};

// Before the tests: the native modules must load in this Node (not an Electron ABI build).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
try {
  const Database = require('better-sqlite3');
  const db = new Database(':memory:');
  db.prepare('SELECT 1').get();
  db.close();
} catch (error) {
  console.error(
    `better-sqlite3 does not load in Node ${process.version}: ${error.message}\n` +
      'If `npm run rebuild:electron` was run, rebuild for Node with `npm rebuild better-sqlite3`.',
  );
  process.exit(1);
}

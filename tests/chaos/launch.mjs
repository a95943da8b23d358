/**
 * Starts a CommonJS bundle with V8's code cache: `node launch.mjs BUNDLE ...args`. The cache
 * (BUNDLE.v8cache) is written when RVA_WRITE_CODE_CACHE=1 and the bundle's code calls
 * `globalThis.rvaWriteCodeCache()` after it has run its start-up path, so the functions compiled
 * on that path are in the cache too. Other runs only read it; a cache V8 rejects is ignored.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

const bundle = process.argv[2];
process.argv.splice(1, 2, bundle);
const cacheFile = `${bundle}.v8cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
if (process.env.RVA_WRITE_CODE_CACHE === '1') {
  globalThis.rvaWriteCodeCache = () => {
    writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
    renameSync(`${cacheFile}.tmp`, cacheFile);
  };
}
const module_ = new Module(bundle, null);
module_.filename = bundle;
module_.paths = Module._nodeModulePaths(dirname(bundle));
script.runInThisContext()(module_.exports, Module.createRequire(bundle), module_, bundle, dirname(bundle));

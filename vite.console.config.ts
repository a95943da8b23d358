/** The centre console's pages: a separate vite entry, served by the centre under /console. */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root: resolve(root, 'renderer/console'),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: resolve(root, 'out/console'),
    emptyOutDir: true,
    // No inline scripts or styles: the centre's CSP allows only its own files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});

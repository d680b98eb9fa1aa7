/**
 * Builds lib/content/on-demand.ts into `content-scripts/on-demand.js`, an ES module the content
 * script imports the first time a page needs one of its features (lib/content/load-on-demand.ts).
 * WXT builds content scripts as single classic (IIFE) scripts, so the chunk is a build of its own,
 * made after WXT's: self-contained (no imports of its own, which Chrome's per-session URLs would
 * refuse), minified like the rest, and calling the browser's own API as the content scripts do.
 */
import { resolve } from 'node:path';
import { build } from 'vite';
import { defineWxtModule } from 'wxt/modules';

export const ON_DEMAND_FILE = 'content-scripts/on-demand.js';

export default defineWxtModule({
  name: 'paperlight:on-demand-chunk',
  setup(wxt) {
    wxt.hooks.hook('build:done', async () => {
      const root = wxt.config.root;
      await build({
        configFile: false,
        root,
        mode: wxt.config.mode,
        logLevel: 'warn',
        resolve: {
          alias: [
            { find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' },
            { find: /^@\//, replacement: `${root}/` },
          ],
        },
        define: { 'process.env.NODE_ENV': JSON.stringify(wxt.config.mode) },
        build: {
          outDir: wxt.config.outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          target: 'es2022',
          minify: wxt.config.command === 'build',
          // Not Vite's library mode, whose ES output keeps its whitespace.
          rollupOptions: {
            input: resolve(root, 'lib/content/on-demand.ts'),
            preserveEntrySignatures: 'strict',
            output: { format: 'es', entryFileNames: ON_DEMAND_FILE, inlineDynamicImports: true },
          },
        },
      });
    });
    // Typed for browser.runtime.getURL.
    wxt.hooks.hook('prepare:publicPaths', (_, paths) => {
      paths.push(ON_DEMAND_FILE);
    });
  },
});

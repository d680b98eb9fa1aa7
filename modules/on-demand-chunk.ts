/**
 * Builds the content script's chunks (lib/content/chunk-files.ts): what a Daily Papers page needs
 * only sometimes, each a build of its own made after WXT's (which builds content scripts as single
 * classic scripts). Each is self-contained (no imports of its own: Chrome's per-session URLs would
 * refuse them), minified like the rest, and calls the browser's own API as the content scripts do.
 * ES modules are imported by the content script (lib/content/load-on-demand.ts); the rules chunk is
 * an IIFE the background runs as a content script (lib/background/page-scripts.ts). Firefox's build
 * inlines them all in its content scripts instead.
 */
import { resolve } from 'node:path';
import { build } from 'vite';
import { defineWxtModule } from 'wxt/modules';
import { CHUNKS, RULES_GLOBAL } from '../lib/content/chunk-files';

export default defineWxtModule({
  name: 'paperlight:on-demand-chunk',
  setup(wxt) {
    wxt.hooks.hook('build:done', async () => {
      if (wxt.config.browser === 'firefox') return;
      const root = wxt.config.root;
      for (const chunk of CHUNKS) await build({
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
            input: resolve(root, chunk.input),
            preserveEntrySignatures: 'strict',
            // The rules chunk is run as a classic content script: an IIFE leaving its exports in a
            // global of the content scripts' world (RULES_GLOBAL).
            output: { format: chunk.format, entryFileNames: chunk.file, inlineDynamicImports: true, ...(chunk.format === 'iife' && { name: RULES_GLOBAL }) },
          },
        },
      });
    });
    // Typed for browser.runtime.getURL.
    wxt.hooks.hook('prepare:publicPaths', (_, paths) => {
      paths.push(...CHUNKS.map((chunk) => chunk.file));
    });
  },
});

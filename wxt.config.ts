import { defineConfig } from 'wxt';
import { CHUNKS } from './lib/content/chunk-files';

// Host access is limited to the one site Paperlight annotates; `storage` backs the per-tab page
// status (storage.session) that the popup and badge read after the service worker restarts.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifest: ({ browser }) => ({
    name: 'Paperlight',
    description: 'Triage Hugging Face Daily Papers in place: star papers into a reading list.',
    // `scripting` (Chrome): the rule engine runs as a content script registered while the reader
    // has keyword rules (lib/background/page-scripts.ts). Firefox's content script carries it.
    // `unlimitedStorage`: the library and its snapshots are exempt from quota and from eviction under
    // storage pressure (Chrome's documented way for extensions; Firefox's too), so the browser never
    // drops them to make room.
    permissions: browser === 'firefox' ? ['storage', 'unlimitedStorage'] : ['storage', 'scripting', 'unlimitedStorage'],
    host_permissions: ['https://huggingface.co/*'],
    // The chunks the content script imports when a page needs them (lib/content/load-on-demand.ts),
    // for Daily Papers pages only, under a per-session id (use_dynamic_url), so no page can probe
    // for the extension by their URL. (The rules chunk is run by the background, not imported.)
    // Firefox's content scripts carry them inline.
    ...(browser !== 'firefox' && {
      web_accessible_resources: [
        { resources: CHUNKS.filter((chunk) => chunk.format === 'es').map((chunk) => chunk.file), matches: ['https://huggingface.co/*'], use_dynamic_url: true },
      ],
    }),
    action: { default_title: 'Paperlight reading list' },
    // Opens the popup from the keyboard; listed (and rebindable) in chrome://extensions/shortcuts.
    // (Firefox's build is Manifest V2, where the popup's command has its older name.)
    commands: {
      [browser === 'firefox' ? '_execute_browser_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+P' },
        description: 'Open the Paperlight reading list',
      },
    },
    // Firefox keeps an extension's IndexedDB only under a stable add-on id. addons.mozilla.org asks
    // every new add-on to declare what data it collects (none: nothing leaves the browser); Firefox
    // knows that key from 140 on (142 on Android), hence the minimum versions (README, "Firefox").
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: { id: 'paperlight@paperlight.invalid', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
  hooks: {
    // The early script is registered at runtime in Chrome (lib/background/page-scripts.ts), for
    // which WXT adds its match pattern to the host permissions: https://huggingface.co/* has it.
    'build:manifestGenerated': (_, manifest) => {
      manifest.host_permissions = manifest.host_permissions?.filter((pattern: string) => pattern === 'https://huggingface.co/*');
    },
    // Content scripts call the browser's own promise-based API (Chrome MV3 and Firefox both have one
    // for all they use: runtime messaging, storage), not webextension-polyfill: the polyfill is 3 KiB
    // gzipped that every Daily Papers page would load twice (early and main script). Extension pages
    // keep it. @wxt-dev/browser is what `wxt/browser` is without the polyfill module.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((entrypoint) => entrypoint.type === 'content-script')) return;
      config.resolve ??= {};
      const alias = config.resolve.alias ?? {};
      const native = { find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' };
      // The first matching alias wins: this one goes before the polyfill module's.
      config.resolve.alias = Array.isArray(alias)
        ? [native, ...(alias as { find: string | RegExp; replacement: string }[])]
        : [native, ...Object.entries(alias as Record<string, string>).map(([find, replacement]) => ({ find, replacement }))];
    },
  },
  vite: () => ({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    // Small shared chunks merged: the popup loads 5 scripts instead of 8 before its first row.
    // PAPERLIGHT_NO_MINIFY=1 keeps names readable in CPU profiles (docs/performance.md).
    build: { minify: process.env.PAPERLIGHT_NO_MINIFY ? false : undefined, target: 'es2022', rollupOptions: { output: { experimentalMinChunkSize: 40_000 } } },
  }),
});

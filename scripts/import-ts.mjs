// The project's TypeScript (lib/, tests/support/) compiled for Node on the fly with esbuild, for
// the scripts that run it outside Vitest and WXT (`npm run bench`, `npm run eval:ranking`).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles `source` (a module's text, resolved from the project's root, `@/` included) and imports
 * it; its exports, and the bundled code (to run it again in a process of its own).
 * @param {string} source
 * @returns {Promise<{ module: any, code: string }>}
 */
export async function importTs(source) {
  const { build } = await import('esbuild');
  const out = await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    write: false,
    platform: 'neutral',
    alias: { '@': ROOT },
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]?.text ?? '';
  return { module: await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`), code };
}

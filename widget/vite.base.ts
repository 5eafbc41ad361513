// What every widget bundle's vite config shares: production JSX, no process.env in the browser,
// minified ES2022 into dist/. Paths are absolute so a build works from any cwd (the browser tests
// build in process).
import { fileURLToPath } from 'node:url'
import type { UserConfig } from 'vite'
import { classicEntry } from './vite.classic-entry.ts'

export const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export const base = {
  root: here('.'),
  publicDir: false,
  logLevel: 'warn',
  // Production JSX even when built from a test run (vitest sets NODE_ENV=test, which would select jsxDEV).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
  // nanostores guards its dev-only checks with process.env.NODE_ENV, which browsers do not have.
  define: { 'process.env.NODE_ENV': '"production"' },
  build: { outDir: here('./dist'), emptyOutDir: false, copyPublicDir: false, sourcemap: false, minify: true, target: 'es2022' },
} satisfies UserConfig

/**
 * A widget split into chunks: `src/<widget>/bundle.ts` -> dist/afflio-<widget>.js, a classic script with
 * everything its first screen needs, and dist/afflio-<widget>-<name>-<hash>.js, the chunks its lazy
 * views (kit/lazy.tsx) load when first shown; the kit's building blocks those views share are one chunk
 * (`kit`). See vite.classic-entry.ts for how the entry stays a classic script.
 */
export function splitWidget(widget: 'portal' | 'console', global: string): UserConfig {
  return {
    ...base,
    plugins: [classicEntry(global)],
    build: {
      ...base.build,
      // Library mode: vite adds no modulepreload helper (it reads import.meta.url, which a classic script lacks).
      lib: { entry: here(`./src/${widget}/bundle.ts`), formats: ['es'], fileName: () => `afflio-${widget}.js` },
      rolldownOptions: {
        preserveEntrySignatures: false,
        output: {
          chunkFileNames: `afflio-${widget}-[name]-[hash].js`,
          // Whitespace too (an ES library build keeps it by default).
          minify: true,
          codeSplitting: {
            groups: [
              // Every module the entry imports statically is in the entry, so it imports no chunk.
              { name: 'entry', tags: ['$initial'], priority: 2 },
              { name: 'kit', test: /\/widget\/src\/(kit\/|[^/]+\/ui\.tsx$|[^/]+\.tsx?$)/, priority: 1 },
            ],
          },
        },
      },
    },
  }
}

// Library build of the embeddable portal: src/element.ts -> dist/afflio-portal.js, one minified IIFE
// that defines <afflio-portal> and exposes `window.AfflioPortal.mount`, Preact included.
// Budget: 30 KB gzip (bench/size.mjs). Paths are absolute so the build works from any cwd (the
// browser test builds it in process).
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  root: here('.'),
  publicDir: false,
  logLevel: 'warn',
  // Production JSX even when built from a test run (vitest sets NODE_ENV=test, which would select jsxDEV).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
  // nanostores guards its dev-only checks with process.env.NODE_ENV, which browsers do not have.
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: here('./dist'),
    emptyOutDir: false,
    copyPublicDir: false,
    sourcemap: false,
    minify: true,
    target: 'es2022',
    lib: {
      entry: here('./src/element.ts'),
      formats: ['iife'],
      name: 'AfflioPortal',
      fileName: () => 'afflio-portal.js',
    },
  },
})

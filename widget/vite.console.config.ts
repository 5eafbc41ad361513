// Library build of the embeddable program-manager console: src/console/element.ts ->
// dist/afflio-console.js, one minified IIFE that defines <afflio-console> and exposes
// `window.AfflioConsole.mount`, Preact and the SDK's server client included. Budget: 45 KB gzip
// (bench/size.mjs). `vite build` with vite.config.ts builds it too, after the portal.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  root: here('.'),
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: here('./dist'),
    emptyOutDir: false,
    copyPublicDir: false,
    sourcemap: false,
    minify: true,
    target: 'es2022',
    lib: {
      entry: here('./src/console/element.ts'),
      formats: ['iife'],
      name: 'AfflioConsole',
      fileName: () => 'afflio-console.js',
    },
  },
})

// Library build of the tracking script: sdk/src/script/index.ts -> sdk/dist/afflio.js, one minified
// IIFE with no exports and no globals besides `window.afflio`. Budget: 1,536 B gzip (bench/size.mjs).
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

export default defineConfig({
  // Paths are absolute so the build works from any cwd (the browser test builds it in process).
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    // dist/ may hold other builds' files: only overwrite afflio.js.
    emptyOutDir: false,
    copyPublicDir: false,
    sourcemap: false,
    minify: true,
    target: 'es2019',
    lib: {
      entry: fileURLToPath(new URL('./src/script/index.ts', import.meta.url)),
      formats: ['iife'],
      name: 'afflioScript',
      fileName: () => 'afflio.js',
    },
  },
})

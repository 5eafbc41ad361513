// Library build of the application form: src/apply/element.ts -> dist/afflio-apply.js, one minified
// IIFE that defines <afflio-apply> and exposes `window.AfflioApply.mountApply`, Preact included.
// Separate from the portal (an applicant has no portal yet). Budget: 15 KB gzip (bench/size.mjs).
// One screen, so one file: no chunks.
import { defineConfig } from 'vite'
import { base, here } from './vite.base.ts'

export default defineConfig({
  ...base,
  build: {
    ...base.build,
    lib: { entry: here('./src/apply/element.ts'), formats: ['iife'], name: 'AfflioApply', fileName: () => 'afflio-apply.js' },
  },
})

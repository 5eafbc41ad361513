// Library build of the application form: src/apply/element.ts -> dist/afflio-apply.js, one minified
// IIFE that defines <afflio-apply> and exposes `window.AfflioApply.mountApply`, Preact included.
// Separate from the portal (an applicant has no portal yet). Budget: 15 KB gzip (bench/size.mjs).
import { fileURLToPath } from 'node:url'
import { defineConfig, mergeConfig } from 'vite'
import portal from './vite.config.ts'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default mergeConfig(portal, {
  build: {
    lib: { entry: here('./src/apply/element.ts'), formats: ['iife'], name: 'AfflioApply', fileName: () => 'afflio-apply.js' },
  },
}, false) as ReturnType<typeof defineConfig>

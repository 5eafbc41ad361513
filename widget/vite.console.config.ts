// Build of the embeddable program-manager console: src/console/bundle.ts -> dist/afflio-console.js, a
// minified classic script that defines <afflio-console> and exposes `window.AfflioConsole.mount`,
// Preact, the SDK's server client and the first screen (Overview) included; every other tab is a chunk
// next to it (dist/afflio-console-<View>-<hash>.js), loaded when first opened. Budgets (bench/size.mjs):
// 45 KB gzip for the entry, 8 KB for each chunk. `vite build` with vite.config.ts builds it too.
import { defineConfig } from 'vite'
import { splitWidget } from './vite.base.ts'

export default defineConfig(splitWidget('console', '__afflioConsole'))

// Build of the embeddable portal: src/portal/bundle.ts -> dist/afflio-portal.js, a minified classic
// script that defines <afflio-portal> and exposes `window.AfflioPortal.mount`, Preact and the first
// screen (Overview) included; every other tab is a chunk next to it (dist/afflio-portal-<View>-<hash>.js),
// loaded when first opened. Budgets (bench/size.mjs): 30 KB gzip for the entry, 8 KB for each chunk.
// Once the portal is written, the console is built from its own config (vite.console.config.ts), then
// the application form (vite.apply.config.ts): one `vite build` makes all three widgets.
import { build, defineConfig, type Plugin } from 'vite'
import { here, splitWidget } from './vite.base.ts'

/** Builds the console and the application form after the portal (each is a build of its own). */
const alsoConsoleAndApply = (): Plugin => ({
  name: 'afflio-console-bundle',
  apply: 'build',
  async closeBundle() {
    await build({ configFile: here('./vite.console.config.ts') })
    await build({ configFile: here('./vite.apply.config.ts') })
  },
})

const portal = splitWidget('portal', '__afflioPortal')
export default defineConfig({ ...portal, plugins: [...(portal.plugins ?? []), alsoConsoleAndApply()] })

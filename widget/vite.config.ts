// Library build of the embeddable portal: src/portal/element.ts -> dist/afflio-portal.js, one minified IIFE
// that defines <afflio-portal> and exposes `window.AfflioPortal.mount`, Preact included.
// Budget: 30 KB gzip (bench/size.mjs). Paths are absolute so the build works from any cwd (the
// browser test builds it in process). Once the portal is written, the console is built from its own
// config (vite.console.config.ts -> dist/afflio-console.js), then the application form
// (vite.apply.config.ts -> dist/afflio-apply.js): one `vite build` makes all three bundles.
import { fileURLToPath } from 'node:url'
import { build, defineConfig, type Plugin } from 'vite'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

/**
 * Builds the console after the portal (an IIFE takes one entry, so it is a build of its own). Only
 * after the portal's own entry: configs that extend this one (vite.apply.config.ts) skip it.
 */
const alsoConsole = (): Plugin => {
  let portal = false
  return {
    name: 'afflio-console-bundle',
    apply: 'build',
    configResolved(config) {
      const lib = config.build.lib
      portal = !!lib && lib.entry === here('./src/portal/element.ts')
    },
    async closeBundle() {
      if (portal) await build({ configFile: here('./vite.console.config.ts') })
      if (portal) await build({ configFile: here('./vite.apply.config.ts') }) // dist/afflio-apply.js, the application form
    },
  }
}

export default defineConfig({
  root: here('.'),
  publicDir: false,
  logLevel: 'warn',
  plugins: [alsoConsole()],
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
      entry: here('./src/portal/element.ts'),
      formats: ['iife'],
      name: 'AfflioPortal',
      fileName: () => 'afflio-portal.js',
    },
  },
})

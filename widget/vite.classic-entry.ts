// A code-split widget whose entry is still one classic script: `<script src=".../afflio-console.js">`,
// as hosts embed it today (no type="module", window.AfflioConsole.mount there as soon as it has run).
//
// The bundle is built as ES modules (only that format splits: an IIFE inlines every dynamic import).
// This plugin then turns the entry chunk into a classic script: its code in a strict function scope,
// and what the chunks import from it (Preact, the kit, the stores: one instance for the whole widget)
// handed over on a global instead of an `export`. Each chunk is an ES module fetched by `import()` of
// its URL made absolute against the entry's own `src` (document.currentScript, read as the entry runs),
// so the chunks are found next to the entry wherever it is served from. Not a relative `import()`:
// the browser resolves that against the script's base URL, which for a script from another origin
// without `crossorigin` (the documented `<script src="https://afflio.example.com/…">`) is about:blank,
// so every chunk would fail. Their `import … from "./<entry>"` becomes a read of that global.
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Plugin } from 'vite'

/** `import { a as b, c } from "./entry.js"` (minified or not) in a chunk */
const importFrom = (entry: string) => new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["'\`]\\./${entry.replace(/[.]/g, '\\.')}["'\`];?`, 'g')
/** The entry's trailing `export { a as b, c };` */
const EXPORTS = /export\s*\{([^}]*)\}\s*;?\s*$/

/** `import("./afflio-…-<hash>.js")` of a chunk in the entry */
const DYNAMIC_IMPORT = /\bimport\((([`"'])\.\/afflio-[\w-]+\.js\2)\)/g
// Without a currentScript (the entry not run by a <script> element), the relative URL as it was.
const RETRYING_IMPORT =
  'const __afflioSrc=globalThis.document?.currentScript?.src,__afflioFailed={},__afflioImport=c=>{const u=__afflioSrc?new URL(c,__afflioSrc).href:c;return import(__afflioFailed[u]?u+"?retry="+__afflioFailed[u]:u).catch(e=>{__afflioFailed[u]=(__afflioFailed[u]||0)+1;throw e})};'

/** `a as b` -> [local a, exported b] */
const specifiers = (list: string) =>
  list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [local, exported = local] = s.split(/\s+as\s+/)
      return [local!, exported] as const
    })

/** `key`: the global the entry hands its shared bindings over on, one per widget. */
export function classicEntry(key: string): Plugin {
  return {
    name: 'afflio-classic-entry',
    apply: 'build',
    generateBundle(_, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk')
      const entry = chunks.find((c) => c.isEntry)
      if (!entry || chunks.filter((c) => c.isEntry).length !== 1) return this.error('one entry chunk expected')
      // A classic script can neither import statically nor read import.meta.
      if (entry.imports.length > 0) return this.error(`the entry imports ${entry.imports.join(', ')}: it must hold every shared module`)
      if (/\bimport\.meta\b/.test(entry.code)) return this.error('the entry reads import.meta, which a classic script has not')
      const code = entry.code.replace(/\n\/\/# sourceMappingURL=.*$/, '').trimEnd()
      const exported = EXPORTS.exec(code)
      const shared = exported ? specifiers(exported[1]!) : []
      // Getters on the entry's side; a chunk reads each binding once, when it loads, after the entry has
      // run. That is the value an import would see as long as no module reassigns an export later (none
      // here does: the widget's modules, Preact and nanostores export functions, classes and constants).
      const handOver = shared.length ? `globalThis.${key}={${shared.map(([local, name]) => `get ${name}(){return ${local}}`).join(',')}};` : ''
      // The wrapper on a line of its own: the entry's source map, if any, is one line off, not columns.
      // A browser remembers a failed import() of a URL and fails it again without a request: after a
      // failure, the next try of that chunk asks for it under a new query, so a retry can succeed.
      const body = (exported ? code.slice(0, exported.index) : code).replace(DYNAMIC_IMPORT, '__afflioImport($1)')
      entry.code = `(()=>{"use strict";${RETRYING_IMPORT}\n${body}\n${handOver}})();\n`
      for (const chunk of chunks) {
        if (chunk === entry) continue
        chunk.code = chunk.code.replace(importFrom(entry.fileName), (_, list: string) => {
          const names = specifiers(list).map(([name, local]) => (name === local ? name : `${name}:${local}`))
          return `const{${names.join(',')}}=globalThis.${key};`
        })
        if (chunk.code.includes(`./${entry.fileName}`)) return this.error(`${chunk.fileName} imports the entry in a form this plugin does not rewrite`)
      }
    },
    // The chunks of earlier builds go: what is in dist/ is what this entry loads (bench/size.mjs counts it).
    writeBundle({ dir }, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry)
      if (!dir || !entry) return
      const prefix = entry.fileName.replace(/\.js$/, '-')
      for (const name of readdirSync(dir)) if (name.startsWith(prefix) && !(name in bundle)) rmSync(join(dir, name), { force: true })
    },
  }
}

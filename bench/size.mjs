// Size budgets for what we ship to the browser: gzip (level 9) bytes of each built bundle.
// Run after `pnpm build`; exits 1 when a bundle or chunk is over budget or the tracking script is missing.
//
// The portal and the console are split (widget/vite.base.ts): the entry script holds everything the
// first screen needs (the build fails if it would import a chunk), so its budget is the first screen's.
// Every other tab is a chunk next to it (afflio-<widget>-<name>-<hash>.js), fetched when first opened;
// each chunk has its own budget, printed and checked one by one.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

// 8 KB per chunk: one tab's code, fetched on a click, should stay a small fraction of the first screen
// (today's largest is ~3.3 KB; a view that grows past 8 KB is due to be split or to share its parts).
const CHUNK_BUDGET = 8192

const budgets = [
  { file: 'sdk/dist/afflio.js', budget: 1536, required: true },
  { file: 'widget/dist/afflio-portal.js', budget: 30720, required: false, chunks: true },
  { file: 'widget/dist/afflio-console.js', budget: 46080, required: false, chunks: true },
  { file: 'widget/dist/afflio-apply.js', budget: 15360, required: false },
]

const gzip = (path) => gzipSync(readFileSync(path), { level: 9 }).length
let failed = false
function check(name, size, budget) {
  const over = size > budget
  console.log(`size: ${name} ${size} B gzip (budget ${budget})${over ? ' OVER BUDGET' : ''}`)
  if (over) failed = true
}

for (const { file, budget, required, chunks } of budgets) {
  const path = fileURLToPath(new URL('../' + file, import.meta.url))
  const name = file.split('/').pop()
  if (!existsSync(path)) {
    if (required) {
      console.error(`size: ${name} missing (${file}); run pnpm build first`)
      failed = true
    } else console.log(`size: ${name} not built (${file}), skipped`)
    continue
  }
  check(chunks ? `${name} (entry: the first screen)` : name, gzip(path), budget)
  if (!chunks) continue
  const dir = new URL('.', new URL('../' + file, import.meta.url))
  const prefix = name.replace(/\.js$/, '-')
  let total = 0
  for (const chunk of readdirSync(dir).filter((n) => n.startsWith(prefix) && n.endsWith('.js')).sort()) {
    const size = gzip(new URL(chunk, dir))
    total += size
    check(`  ${chunk}`, size, CHUNK_BUDGET)
  }
  console.log(`size:   all chunks of ${name}: ${total} B gzip, loaded tab by tab`)
}
process.exit(failed ? 1 : 0)

// The layout's rules (ARCHITECTURE.md), checked on the source so they stay true: a feature reaches another
// only through its index; the kernel depends on no feature; pure rules import no Hono, Kysely or queries;
// SQL lives in query modules; and no import cycle runs through a module that builds values as it loads
// (routes, schemas), where a half-loaded import is `undefined` and a route silently goes missing.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const src = dirname(new URL(import.meta.url).pathname)
const repo = join(src, '../..')

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : /\.tsx?$/.test(name) ? [path] : []
  })
}

const files = walk(src).map((path) => ({ path, rel: relative(src, path), text: readFileSync(path, 'utf8') }))
const code = files.filter((f) => !f.rel.endsWith('.test.ts') && !f.rel.startsWith('testing'))
const features = readdirSync(src).filter((d) => d !== 'kernel' && statSync(join(src, d)).isDirectory())
const area = (rel: string) => (rel.includes('/') ? rel.split('/')[0]! : null)

/** Relative imports of a file (value and type), resolved to paths under server/src. */
function imports(f: { path: string; text: string }, { values = false } = {}): string[] {
  const re = values ? /^(?:import|export)\s+(?!type\b)[^'";]*?from\s+'(\.[^']+)'/gm : /(?:from|import\()\s*'(\.[^']+)'/g
  return [...f.text.matchAll(re)].map((m) => relative(src, normalize(join(dirname(f.path), m[1]!))))
}

describe('the layout', () => {
  it('a feature uses another only through its index.ts, and the kernel uses no feature', () => {
    const bad = files.flatMap((f) =>
      imports(f)
        .filter((target) => {
          const to = area(target)
          // app.ts and the other top-level files compose the features (routes, reactions): not a feature.
          if (!area(f.rel) || !to || !features.includes(to) || to === area(f.rel)) return false
          if (area(f.rel) === 'kernel') return !f.rel.endsWith('.test.ts')
          return !target.endsWith('/index.ts')
        })
        .map((target) => `${f.rel} -> ${target}`),
    )
    expect(bad).toEqual([])
  })

  it("pure rules (ARCHITECTURE.md's table) import no Hono, Kysely, connection or query module", () => {
    const doc = readFileSync(join(repo, 'ARCHITECTURE.md'), 'utf8')
    const table = doc.slice(doc.indexOf('## Where each rule lives'), doc.indexOf('\n## ', doc.indexOf('## Where each rule lives') + 5))
    const named = [...table.matchAll(/`((?:[\w-]+\/)+[\w-]+\.ts)`/g)].map((m) => m[1]!).filter((p) => !p.startsWith('sdk/') && !p.startsWith('widget/'))
    const rules = [...new Set(named)].filter((p) => !/(^|\/|-)queries\.ts$/.test(p))
    expect(rules.length).toBeGreaterThan(10)
    const bad: string[] = []
    for (const rel of rules) {
      const f = files.find((x) => x.rel === rel)
      if (!f) {
        bad.push(`${rel}: named in ARCHITECTURE.md, not found`)
        continue
      }
      for (const m of f.text.matchAll(/from\s+'([^']+)'/g)) {
        const spec = m[1]!
        if (/^(hono|kysely|better-sqlite3|pg)(\/|$)/.test(spec) || /queries\.ts$|kernel\/db\/connect/.test(spec)) bad.push(`${rel} imports ${spec}`)
      }
    }
    expect(bad).toEqual([])
  })

  it('SQL lives in query modules (queries.ts, *-queries.ts) and kernel/db', () => {
    const sqlCall = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql(<[^>]*>)?`/
    const bad = code
      .filter((f) => !/(^|\/|-)queries\.ts$/.test(f.rel) && !f.rel.startsWith('kernel/db/'))
      .filter((f) => sqlCall.test(f.text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')))
      .map((f) => f.rel)
    expect(bad).toEqual([])
  })

  it('no import cycle runs through the kernel, a routes module or a schemas module', () => {
    const graph = new Map(code.map((f) => [f.rel, imports(f, { values: true }).filter((t) => t.endsWith('.ts'))]))
    const loadsValues = (rel: string) => rel.startsWith('kernel/') || /(^|\/|-)routes\.ts$|(^|\/)schemas\.ts$/.test(rel)
    const bad: string[] = []
    for (const start of graph.keys()) {
      if (!loadsValues(start)) continue
      // Is `start` reachable from itself?
      const seen = new Set<string>()
      const stack = [...(graph.get(start) ?? [])]
      while (stack.length) {
        const at = stack.pop()!
        if (at === start) {
          bad.push(start)
          break
        }
        if (seen.has(at)) continue
        seen.add(at)
        stack.push(...(graph.get(at) ?? []))
      }
    }
    expect(bad).toEqual([])
  })
})

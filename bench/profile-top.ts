// Where a V8 CPU profile (`node --cpu-prof`, or BENCH_CPU_PROF=dir for the benches) spent its time: the top
// functions by self time, and by total time (self plus callees), with their share of the samples.
// Usage: node --import tsx bench/profile-top.ts FILE.cpuprofile [N=25]
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
}

const [file, n = '25'] = process.argv.slice(2)
if (!file) throw new Error('usage: profile-top.ts FILE.cpuprofile [N]')
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((node) => [node.id, node]))
const parent = new Map<number, number>()
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)

const where = ({ functionName, url, lineNumber }: Node['callFrame']) => {
  const path = url.replace(/^file:\/\//, '')
  const short = path.includes('node_modules') ? path.replace(/.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '') : path ? relative(process.cwd(), path) : ''
  return `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim()
}

// Where a leaf frame lives: a package, node's internals, native code, or a source file of ours.
const owner = ({ functionName, url }: Node['callFrame']) => {
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
  if (pkg) return pkg
  if (url.startsWith('node:')) return 'node internals'
  if (!url) return functionName.startsWith('(') ? functionName : 'native (V8 builtins, bindings)'
  return relative(process.cwd(), url.replace(/^file:\/\//, ''))
}

const self = new Map<string, number>()
const byOwner = new Map<string, number>()
const total = new Map<string, number>()
let busy = 0
for (const id of profile.samples) {
  const leaf = byId.get(id)!
  const name = where(leaf.callFrame)
  if (name !== '(idle)') busy++
  const o = owner(leaf.callFrame)
  byOwner.set(o, (byOwner.get(o) ?? 0) + 1)
  self.set(name, (self.get(name) ?? 0) + 1)
  // Each function once per sample, however deep its recursion.
  const seen = new Set<string>()
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = where(byId.get(at)!.callFrame)
    if (!seen.has(frame)) seen.add(frame), total.set(frame, (total.get(frame) ?? 0) + 1)
  }
}

// Shares are of the busy samples: a bench server idles while the other one is under load.
const pct = (k: number) => `${((100 * k) / Math.max(1, busy)).toFixed(1).padStart(5)}%`
const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(n))
console.log(`${profile.samples.length} samples, ${busy} busy; shares of the busy ones`)
console.log('self, by owner:')
for (const [name, k] of top(byOwner)) if (name !== '(idle)') console.log(`  ${pct(k)}  ${name}`)
console.log('self:')
for (const [name, k] of top(self)) if (name !== '(idle)') console.log(`  ${pct(k)}  ${name}`)
console.log('total:')
for (const [name, k] of top(total)) if (name !== '(root)' && name !== '(idle)') console.log(`  ${pct(k)}  ${name}`)

// How many clicks came from one address in the last minute: counted in memory, per process, because the
// click endpoint is the hot path and a database round trip per click would double its cost. With several
// processes behind a balancer each counts the clicks it receives (docs/fraud.md).
const WINDOW_MS = 60_000
const MAX_ADDRESSES = 100_000
let swept = -1

interface Count {
  start: number
  current: number
  previous: number
}

const counts = new Map<string, Count>()

/**
 * Counts a click from `key` (program and address) at `at` (ms) and returns how many came before it in the
 * minute up to it: the previous fixed minute weighted by its overlap, plus the current one. O(1) per address.
 */
export function countClick(key: string, at: number): number {
  const start = at - (at % WINDOW_MS)
  let c = counts.get(key)
  if (!c) counts.set(key, (c = { start, current: 0, previous: 0 }))
  else if (c.start !== start) {
    c.previous = start - c.start === WINDOW_MS ? c.current : 0
    c.current = 0
    c.start = start
  }
  const before = Math.floor(c.previous * (1 - (at - start) / WINDOW_MS)) + c.current
  c.current++
  if (counts.size > MAX_ADDRESSES) {
    if (start !== swept) sweep(start)
    if (counts.size > 2 * MAX_ADDRESSES) counts.clear() // a flood of new addresses: counts restart, memory stays bounded
  }
  return before
}

// Forget addresses quiet for two minutes: they count nothing a fresh entry would not. At most once a
// minute, so a flood of new addresses does not make every click walk the map.
function sweep(start: number) {
  swept = start
  for (const [k, c] of counts) if (c.start < start - WINDOW_MS) counts.delete(k)
}

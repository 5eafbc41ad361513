// Click-tracking throughput: Afflio's POST /v1/track/click against a bare Hono 204 route (bench/ratio.ts
// says how, and which env it reads). Every 201 must be a stored click: the bench counts the rows after.
import { count, runRatioBench } from './ratio.ts'

// ~1 request in 16 repeats the previous visitor (same address, user agent and code): a reload, which Afflio
// answers 200 from its dedup check. The rest are distinct visitors, so the insert path dominates.
// BENCH_LINKS: how many of the 100 partners' links the clicks spread over (1: one link shared widely).
const LINKS = Math.min(100, Math.max(1, Math.round(Number(process.env.BENCH_LINKS) || 100)))
function visitor(n: number, codes: string[]) {
  const v = n % 16 === 15 ? n - 1 : n
  return { ip: `10.${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255}`, code: codes[v % Math.min(LINKS, codes.length)]! }
}

// A browser's: a made-up user agent is a bot's to the fraud rules, answered 204 without a click.
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

await runRatioBench({
  scenario: 'clicks',
  ok: (s) => s === 201 || s === 200,
  request: (n, fixture) => {
    const { ip, code } = visitor(n, fixture.codes)
    const body = JSON.stringify({ key: fixture.key, code, url: `https://shop.test/?ref=${code}`, referrer: 'https://blog.test/post' })
    return { path: '/v1/track/click', headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': UA, 'x-forwarded-for': ip }, body }
  },
  check: (afflio, stopped) => {
    const created = count(afflio, 201)
    console.log(`clicks rows: ${stopped.rows.clicks} (201 responses incl. warm-up: ${created})`)
    // Every 201 promised a stored click; a mismatch means the bench measured something other than writes.
    return stopped.rows.clicks === created
  },
})

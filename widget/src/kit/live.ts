// Keeps what a view shows current while it is open: refreshed when the page becomes visible again, and every
// `everyMs` while it stays visible. Polling, not server-sent events: it needs nothing from a host's proxy,
// and a hidden tab costs the server nothing. After a failed refresh the wait doubles, up to two minutes.
import { onMount, type ReadableAtom } from 'nanostores'

export const LIVE_MS = 5_000
const MAX_WAIT_MS = 120_000

/**
 * `refresh` resolves true when it got an answer. Runs only while `$` has listeners (a view shows it); a view
 * shown again (another tab, then back) refreshes at once: its first showing loaded it already (`onShow:
 * false` for a store that reloads on every showing by itself).
 */
export function keepLive($: ReadableAtom<unknown>, refresh: () => Promise<boolean>, { everyMs = LIVE_MS, onShow = true } = {}): void {
  let shownBefore = false
  onMount($, () => {
    if (typeof document === 'undefined') return
    // Held: the store unmounts a second after its last listener leaves, when a test's document may be gone.
    const doc = document
    let wait = everyMs
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    // A refresh is out: the page shown again then must not start a second loop beside this one's
    let out = false
    const tick = async () => {
      if (stopped || doc.visibilityState !== 'visible') return // visibilitychange starts it again
      out = true
      const ok = await refresh().finally(() => (out = false))
      wait = ok ? everyMs : Math.min(wait * 2, MAX_WAIT_MS)
      if (!stopped) timer = setTimeout(tick, wait)
    }
    const onVisibility = () => {
      if (doc.visibilityState !== 'visible' || out) return
      clearTimeout(timer)
      wait = everyMs
      void tick()
    }
    doc.addEventListener('visibilitychange', onVisibility)
    if (shownBefore && onShow) void tick()
    else timer = setTimeout(tick, wait)
    shownBefore = true
    return () => {
      stopped = true
      clearTimeout(timer)
      doc.removeEventListener('visibilitychange', onVisibility)
    }
  })
}

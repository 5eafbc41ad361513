// The partner's commissions, newest first, one cursor page at a time ("Load more").
import type { PortalCommission } from '@afflio/sdk/types'
import { atom, onMount } from 'nanostores'
import { keepLive } from '../../kit/live.ts'
import type { Session } from './session.ts'

export interface CommissionsState {
  items: PortalCommission[]
  /** The cursor of the next page; null when there is none */
  next: string | null
  loaded: boolean
  loading: boolean
  error?: unknown
}

const PAGE = 25
const initial: CommissionsState = { items: [], next: null, loaded: false, loading: false }

export function createCommissions(session: Session) {
  const $ = atom<CommissionsState>(initial)
  let seq = 0
  let used = false
  /** The first page again (fresh), or the next one appended */
  const load = async (more: boolean) => {
    const id = ++seq
    used = true
    const s = more ? $.get() : initial
    $.set({ ...s, loading: true, error: undefined })
    try {
      const page = await session.call((c) => c.commissions.list({ limit: PAGE, ...(more && s.next ? { cursor: s.next } : {}) }))
      if (id === seq) $.set({ items: [...s.items, ...page.data], next: page.nextCursor, loaded: true, loading: false })
    } catch (error) {
      if (id === seq) $.set({ ...s, loading: false, error })
    }
  }
  /**
   * The first page again, merged into what is shown: new commissions on top, changed ones (approved, paid)
   * in place, the pages loaded with "Load more" kept. No loading state: the list stays as it is meanwhile.
   */
  const refresh = async () => {
    const id = seq
    try {
      const page = await session.call((c) => c.commissions.list({ limit: PAGE }))
      const s = $.get()
      if (id !== seq || !s.loaded) return true // a load started meanwhile answers for itself
      const fresh = new Map(page.data.map((c) => [c.id, c]))
      const shown = new Set(s.items.map((c) => c.id))
      const items = [...page.data.filter((c) => !shown.has(c.id)), ...s.items.map((c) => fresh.get(c.id) ?? c)]
      $.set({ ...s, items, error: undefined })
      return true
    } catch {
      return false
    }
  }
  onMount($, () => void (used || load(false)))
  session.$epoch.listen(() => void (used && load(false)))
  keepLive($, refresh) // a commission earned appears while the tab is open
  return { $, run: () => load(false), more: () => load(true), refresh }
}

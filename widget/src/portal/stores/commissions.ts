// The partner's commissions, newest first, one cursor page at a time ("Load more").
import type { PortalCommission } from '@afflio/sdk/types'
import { atom, onMount } from 'nanostores'
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
  onMount($, () => void (used || load(false)))
  session.$epoch.listen(() => void (used && load(false)))
  return { $, run: () => load(false), more: () => load(true) }
}

// A cursor-paged list as a nanostore, newest first, "Load more" appending the next page. It loads each
// time a view shows it and again after a new token; an older answer arriving after a newer request is
// dropped. Portal and console lists are built on it.
import type { Page } from '@afflio/sdk/types'
import { atom, onMount, type ReadableAtom } from 'nanostores'
import type { Session } from './session.ts'

export interface List<T> {
  items: T[]
  /** The cursor of the next page; null when there is none */
  next: string | null
  loaded: boolean
  loading: boolean
  error?: unknown
}

export interface ListStore<T> {
  $: ReadableAtom<List<T>>
  /** The first page again */
  run: () => Promise<void>
  /** The next page, appended */
  more: () => Promise<void>
  /** Replaces the items (after a write) */
  update: (f: (items: T[]) => T[]) => void
}

export function paged<T, C>(session: Session<C>, load: (c: C, cursor: string | undefined) => Promise<Page<T>>): ListStore<T> {
  let state: List<T> = { items: [], next: null, loaded: false, loading: false } // see remote(): never $.get()
  const $ = atom<List<T>>(state)
  const put = (next: List<T>) => $.set((state = next))
  let seq = 0
  let used = false
  const go = async (more: boolean) => {
    const id = ++seq
    used = true
    const s = state
    put({ ...s, loading: true, error: undefined })
    try {
      const page = await session.call((c) => load(c, more && s.next ? s.next : undefined))
      if (id === seq) put({ items: more ? [...s.items, ...page.data] : page.data, next: page.nextCursor, loaded: true, loading: false })
    } catch (error) {
      if (id === seq) put({ ...state, loading: false, error })
    }
  }
  onMount($, () => void go(false))
  // Another token may be another user's (see remote()): its list starts empty
  session.$epoch.listen(() => {
    if (!used) return
    put({ items: [], next: null, loaded: false, loading: false })
    void go(false)
  })
  return { $, run: () => go(false), more: () => go(true), update: (f) => put({ ...state, items: f(state.items) }) }
}

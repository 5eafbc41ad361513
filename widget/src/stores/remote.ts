// One piece of server data as a nanostore: { data, error, loading }. It loads when first used (a
// component subscribes) and again when the session gets a new token; an older answer arriving after
// a newer request is dropped.
import { atom, onMount, type ReadableAtom } from 'nanostores'
import type { AfflioPortal } from '@afflio/sdk/portal'
import type { Session } from './session.ts'

export interface Remote<T> {
  data?: T
  error?: unknown
  loading: boolean
}

export interface RemoteStore<T> {
  $: ReadableAtom<Remote<T>>
  /** Loads again; resolves when done (it never rejects: a failure is in `error`) */
  run: () => Promise<void>
  /** Replaces the data, e.g. with what a write returned */
  set: (data: T) => void
}

export function remote<T>(session: Session, load: (client: AfflioPortal) => Promise<T>): RemoteStore<T> {
  const $ = atom<Remote<T>>({ loading: false })
  let seq = 0
  let used = false
  const run = async () => {
    const id = ++seq
    used = true
    $.set({ data: $.get().data, loading: true })
    try {
      const data = await session.call(load)
      if (id === seq) $.set({ data, loading: false })
    } catch (error) {
      if (id === seq) $.set({ data: $.get().data, error, loading: false })
    }
  }
  onMount($, () => void (used || run()))
  session.$epoch.listen(() => void (used && run()))
  return { $, run, set: (data) => (++seq, $.set({ data, loading: false })) }
}

// One piece of server data as a nanostore: { data, error, loading }. It loads when a component first
// subscribes (and, with `everyMount`, each time one subscribes again, so a view shown again is never
// stale) and again, from nothing, when the session gets a new token; an older answer arriving after a
// newer request is dropped.
import { atom, onMount, type ReadableAtom } from 'nanostores'
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
  /** The current data, without subscribing (a nanostore's get() would mount it, and so load it) */
  value: () => T | undefined
  /** Loads again; true when it got an answer (keepLive backs off otherwise) */
  refresh: () => Promise<boolean>
}

export function remote<T, C>(session: Session<C>, load: (client: C) => Promise<T>, { everyMount = false } = {}): RemoteStore<T> {
  // Read through `state`, never $.get(): on a store nobody listens to, get() mounts it (and so loads).
  let state: Remote<T> = { loading: false }
  const $ = atom<Remote<T>>(state)
  const put = (next: Remote<T>) => $.set((state = next))
  let seq = 0
  let used = false
  const run = async () => {
    const id = ++seq
    used = true
    put({ data: state.data, loading: true })
    try {
      const data = await session.call(load)
      if (id === seq) put({ data, loading: false })
    } catch (error) {
      if (id === seq) put({ data: state.data, error, loading: false })
    }
  }
  onMount($, () => void ((everyMount || !used) && run()))
  // A token the host handed over may be another user's (a sign-out and sign-in without a page load):
  // what the last one loaded is not shown meanwhile, nor after a failure.
  session.$epoch.listen(() => {
    if (!used) return
    put({ loading: false })
    void run()
  })
  const refresh = async () => (await run(), state.error === undefined)
  return { $, run, refresh, set: (data) => (++seq, put({ data, loading: false })), value: () => state.data }
}

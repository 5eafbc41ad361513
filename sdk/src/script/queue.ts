// The `window.afflio` command function. The snippet installs a stub that only queues calls:
//   window.afflio = window.afflio || function () { (afflio.q = afflio.q || []).push(arguments) }
// When the script loads, `install` replaces the stub with the real function and replays the queue.

import type { ReferralOffer } from '../types'

export type Afflio = ((command: string, ...args: unknown[]) => unknown) & {
  /** The stub's queue of `arguments` objects */
  q?: IArguments[]
  /** The current click id (null when none); present only on the real function */
  clickId?: string | null
  /** The coupon code the visitor landed with (`?coupon=`), or null */
  coupon?: string | null
  /** The visitor's reward through the referring partner (null when none); present only on the real function */
  reward?: ReferralOffer | null
}

/**
 * Replaces the stub on `w` with a function that runs `run(command, args)` and never throws, then
 * replays the calls queued before load, in order. Returns the installed function.
 */
export function install(w: { afflio?: Afflio }, run: (command: string, args: unknown[]) => unknown): Afflio {
  const queued = (w.afflio && w.afflio.q) || []
  const afflio: Afflio = (command, ...args) => {
    try {
      return run(command, args)
    } catch {}
  }
  w.afflio = afflio
  // Each call is an `arguments` object: iterable, so it spreads as it is (typed as the call it was).
  for (const call of queued) afflio(...(call as unknown as Parameters<Afflio>))
  return afflio
}

/** A one-shot event: callbacks added before `resolve` wait for it, later ones run at once. */
export function later<T>() {
  let fired = false
  let value: T
  const waiting: ((value: T) => void)[] = []
  const call = (fn: (value: T) => void) => {
    try {
      fn(value)
    } catch {}
  }
  return {
    on(fn: (value: T) => void) {
      fired ? call(fn) : waiting.push(fn)
    },
    resolve(v: T) {
      if (fired) return
      fired = true
      value = v
      waiting.forEach(call)
    },
  }
}

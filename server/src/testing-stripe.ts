// Recorded Stripe events for tests (stripe/fixtures/), moved to the test clock, as the webhook tests post them.
import { readFileSync } from 'node:fs'

export type Json = Record<string, any>

/** A recorded Stripe payload, as Stripe sent it. */
export const fixture = (name: string): Json => JSON.parse(readFileSync(new URL(`./stripe/fixtures/${name}.json`, import.meta.url), 'utf8'))

/** A fixture with its id, its timestamps moved to `nowSeconds`, and the given changes to `data.object`. */
export function stripeEvent(name: string, id: string, nowSeconds: number, object: Json = {}): Json {
  const e = fixture(name)
  e.id = id
  e.created = nowSeconds
  const o = e.data.object
  if (typeof o.created === 'number') o.created = nowSeconds - 5
  if (o.status_transitions?.paid_at) o.status_transitions.paid_at = nowSeconds - 2
  Object.assign(o, object)
  return e
}

// Pure. In the SDK because the server and the console must agree on who settles a waiting payout: the
// server marks paid and writes into payout files only what is paid by hand (server/src/payouts/settled-by.ts),
// and the console offers "Export" and "Mark paid" for those, "Send via Stripe" for the rest.
import type { Payout } from './types.ts'

type Settling = Pick<Payout, 'provider' | 'status'>

/**
 * Waiting to be paid by hand: the manual provider's, still pending. Only these go in a payout file, and
 * only these does marking the run paid settle.
 *
 * @example paidByHand({ provider: 'manual', status: 'pending' }) // true; a stripe_connect one: false
 */
export const paidByHand = (p: Settling): boolean => p.provider === 'manual' && p.status === 'pending'

/**
 * Waiting for its provider: a Stripe Connect payout not sent yet, or sent without a final answer
 * (`processing`). Only sending the run (again) settles it: marking the run paid leaves it as it is, since
 * no money has been seen to move.
 *
 * @example waitingForProvider({ provider: 'stripe_connect', status: 'processing' }) // true
 */
export const waitingForProvider = (p: Settling): boolean => p.provider !== 'manual' && (p.status === 'pending' || p.status === 'processing')

// Who settles a waiting payout: the program by hand (it pays the exported file, then marks the run paid), or
// the payout's provider (a Stripe Connect transfer, which only `send` makes and only Stripe confirms), and so
// what marking a run paid does. Pure.
import { paidByHand, waitingForProvider } from '@afflio/sdk'
import type { Payout } from '@afflio/sdk/types'

// Which payout is paid by hand and which waits for its provider: the SDK's (the console shows its buttons by them).
export { paidByHand, waitingForProvider }

type Settling = Pick<Payout, 'provider' | 'status'>

/**
 * What marking a run paid does with its payouts: `mark` the ones paid by hand, and `left` the ones waiting
 * for their provider (the run stays `created` until they are sent or failed). `refuse` when nothing is
 * paid by hand but some wait for their provider: marking would do nothing the caller meant, so it says so.
 */
export function markPaidPlan<P extends Settling & { id: string }>(payouts: readonly P[]): { refuse: boolean; mark: string[]; left: string[] } {
  const mark = payouts.filter(paidByHand).map((p) => p.id)
  const left = payouts.filter(waitingForProvider).map((p) => p.id)
  return { refuse: mark.length === 0 && left.length > 0, mark, left }
}

/** The refusal's words: how many payouts wait for Stripe, which (the first ten), and what settles them. */
export function leftToProviderMessage(runId: string, left: readonly string[]): string {
  const named = left.slice(0, 10).join(', ') + (left.length > 10 ? ` and ${left.length - 10} more` : '')
  const what = left.length === 1 ? '1 Stripe Connect payout' : `${left.length} Stripe Connect payouts`
  return (
    `Payout run ${runId} has no payout left to pay by hand; its ${what} (${named}) ${left.length === 1 ? 'is' : 'are'} paid only by sending: ` +
    `POST /v1/payout-runs/${runId}/send, or fail one that cannot be sent (POST /v1/payouts/:id/fail)`
  )
}

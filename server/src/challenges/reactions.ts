// Challenges react to a credited sale after it commits (kernel/events.ts): sales and revenue challenges the
// partner has now met are paid, dated by the sale's recording. Paid exactly once by the reward's unique row.
import type { EventBus } from '../kernel/events.ts'
import { challengesAfterSale } from './rewards.ts'

export function challengeReactions(bus: EventBus): void {
  bus.on('sale.credited', 'challenges.after_sale', async (tx, e) => {
    await challengesAfterSale(tx, e.programId, { partnerId: e.data.partnerId, currency: e.data.currency, occurredAt: e.data.occurredAt }, new Date(e.createdAt))
  })
}

// Onboarding reacts to what partners do elsewhere, after it commits (kernel/events.ts): a credited sale
// records `first_sale` (done while the partner has a sale not marked fraud: checklist.ts evaluateChecklist),
// a click on an approved partner's link (`share_first_link`) makes it active.
// Both are idempotent (one progress row per step, activation only from `approved`), as a rerun needs.
import type { EventBus } from '../kernel/events.ts'
import { onboardingEvent } from './onboarding-events.ts'
import { findPartnerStanding } from './progress-queries.ts'

export function onboardingReactions(bus: EventBus): void {
  bus.on('sale.credited', 'onboarding.first_sale', async (tx, e) => {
    const partner = await findPartnerStanding(tx, e.programId, e.data.partnerId)
    if (!partner || partner.status === 'suspended') return // a suspended partner's sale completes no step
    await onboardingEvent(tx, { programId: e.programId, partnerId: e.data.partnerId, kind: 'first_sale' }, new Date(e.createdAt), partner)
  })
  bus.on('click.recorded', 'onboarding.share_first_link', async (tx, e) => {
    await onboardingEvent(tx, { programId: e.programId, partnerId: e.data.partnerId, kind: 'share_first_link' }, new Date(e.createdAt))
  })
}

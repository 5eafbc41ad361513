// Messaging reacts to notices other features record (kernel/events.ts 'partner.notice'): a system message
// in the partner's thread and an email in the outbox, after the change that caused it commits. Exactly one
// per event: the message is written in the transaction that writes the reaction's marker for the event.
import type { EventBus } from '../kernel/events.ts'
import { notifyPartner } from './notify.ts'

export function messagingReactions(bus: EventBus): void {
  bus.on('partner.notice', 'messaging.notify_partner', async (tx, e) => {
    await notifyPartner(tx, { programId: e.programId, ...e.data }, new Date(e.createdAt))
  })
}

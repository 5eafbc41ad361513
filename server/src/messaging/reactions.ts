// Messaging reacts to what happens elsewhere, after it commits (kernel/events.ts): notices other features
// record ('partner.notice': a thread message, a notice and its email), and the notices it posts by itself
// for a credited sale's commissions, a payout sent, a message from the program, and the email to a
// rejected applicant. Exactly once per event and reaction: each writes in the transaction that writes the
// reaction's marker.
import type { EventBus } from '../kernel/events.ts'
import { saleCommissions } from '../ledger/index.ts'
import { findProgram } from '../programs/index.ts'
import { notificationEmail } from './email-content.ts'
import { queueEmails } from './email-queries.ts'
import { commissionNoticeById, commissionNoticeOf } from './commission-notice.ts'
import { messageNotice, payoutNotice, reinstatedNotice, rejectionText } from './notice-rules.ts'
import { postNotice } from './notices.ts'
import { notifyPartner } from './notify.ts'

export function messagingReactions(bus: EventBus): void {
  bus.on('partner.notice', 'messaging.notify_partner', async (tx, e) => {
    // A notice naming a commission (a won deal's, an approved claim's) is the one notice of it: it says what it earns and when it is paid
    const { commissionId, ...notice } = e.data
    const told = commissionId ? await commissionNoticeById(tx, e.programId, commissionId) : null
    await notifyPartner(tx, { programId: e.programId, ...notice, ...(told && { body: `${notice.body} ${told.body}` }) }, new Date(e.createdAt))
  })
  bus.on('sale.credited', 'messaging.commission_notice', async (tx, e) => {
    // The event's partner's commission and its recruiter's override, each told to its own partner (a split
    // sale has an event per partner: each tells its own). A sale `announced` by a won deal or an approved
    // claim: that notice tells the partner of its own commission, so this one tells only the override.
    // Read once: what each is owed after a refund's take-back (a late credit's) is in the same rows
    const family = await saleCommissions(tx, e.programId, e.data.saleId)
    for (const c of family) {
      // A take-back or a won dispute's give-back is told by its own notice (refund, reinstated), not as earned
      if (c.reversesId !== null) continue
      const through = c.reasonData?.kind === 'override' ? c.reasonData.recruitedPartnerId : c.partnerId
      if (through !== e.data.partnerId || (e.data.announced && c.partnerId === e.data.partnerId)) continue
      const text = await commissionNoticeOf(tx, e.programId, c, family)
      if (text) await postNotice(tx, { programId: e.programId, partnerId: c.partnerId, kind: 'commission_earned', ...text }, new Date(e.createdAt))
    }
  })
  bus.on('commission.reinstated', 'messaging.reinstated_notice', async (tx, e) => {
    await postNotice(tx, { programId: e.programId, partnerId: e.data.partnerId, kind: 'commission_earned', ...reinstatedNotice(e.data) }, new Date(e.createdAt))
  })
  bus.on('payout.sent', 'messaging.payout_notice', async (tx, e) => {
    await postNotice(tx, { programId: e.programId, partnerId: e.data.partnerId, kind: 'payout_sent', ...payoutNotice(e.data) }, new Date(e.createdAt))
  })
  bus.on('message.posted', 'messaging.message_notice', async (tx, e) => {
    const program = await findProgram(tx, e.programId)
    if (!program) return
    const text = messageNotice({ programName: program.name, senderName: e.data.senderName, body: e.data.body })
    await postNotice(tx, { programId: e.programId, partnerId: e.data.partnerId, kind: 'message', ...text }, new Date(e.createdAt))
  })
  bus.on('applicant.rejected', 'messaging.rejection_email', async (tx, e) => {
    const program = await findProgram(tx, e.programId)
    if (!program) return
    const text = rejectionText({ programName: program.name, reason: e.data.reason })
    const content = notificationEmail({ programName: program.name, brandColor: program.brand_color, subject: text.title, body: text.body })
    await queueEmails(tx, [{ kind: 'notification', programId: e.programId, partnerId: null, to: e.data.email, content }], new Date(e.createdAt))
  })
}

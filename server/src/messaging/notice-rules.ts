// Notifications, decided in one place: the kinds a partner is told about, which emails they get (every kind
// on until turned off), what each notice says, and the text an unsubscribe link signs. Pure: no database.
import type { Commission, EmailKind, NoticeKind, NotificationPreferences } from '@afflio/sdk/types'
import { formatMoney } from '../kernel/money.ts'
import type { PayoutOutlook } from '../payouts/index.ts'
import { commissionInWords } from './email-content.ts'

export const NOTICE_KINDS: readonly NoticeKind[] = ['commission_earned', 'payout_sent', 'application_approved', 'message', 'challenge_won', 'deal_update', 'bounty_update', 'claim_decided', 'recruit_update']
export const EMAIL_KINDS: readonly EmailKind[] = [...NOTICE_KINDS, 'newsletter']

/** What a notice says: `title` is one line (the email's subject), `body` plain text. */
export interface NoticeText {
  title: string
  body: string
}

/** The partner's email preferences from what they turned off: every kind is on unless it is there. */
export function emailPreferences(off: { kinds: readonly NoticeKind[]; newsletter: boolean }): NotificationPreferences {
  const emails = Object.fromEntries(EMAIL_KINDS.map((k) => [k, k === 'newsletter' ? !off.newsletter : !off.kinds.includes(k)]))
  return { emails: emails as NotificationPreferences['emails'] }
}

/** A commission worth announcing: positive, pending or approved (a held or fraud one shows in the portal's list, with its status). */
export function isWorthNotice(c: Pick<Commission, 'amountMinor' | 'status'>): boolean {
  return c.amountMinor > 0 && (c.status === 'pending' || c.status === 'approved')
}

/**
 * What a commission's notice says: what it earns and when it is paid, as true when told. `payout`: the
 * partner's payout in the commission's currency as it stands with the commission in it (payouts decide
 * whether the next run pays it: the holding period, the program's minimum, payout details, the schedule).
 */
export function commissionNotice(
  c: Pick<Commission, 'amountMinor' | 'currency' | 'reason' | 'reasonData' | 'status' | 'approveAt'>,
  payout: PayoutOutlook,
  { owedMinor: owed, takenMinor }: { owedMinor: number; takenMinor: number } = { owedMinor: c.amountMinor, takenMinor: 0 },
): NoticeText {
  const earned = takenMinor > 0 ? `${formatMoney(owed, c.currency)}: ${commissionInWords(c)}, less ${formatMoney(takenMinor, c.currency)} for the part of the sale refunded` : commissionInWords(c)
  return { title: `You earned ${formatMoney(owed, c.currency)}`, body: `You earned ${earned}. ${whenPaid(c, payout)}` }
}

/** When a commission is paid, in a sentence or two: only what its status and the payout rules make true now. */
export function whenPaid(c: Pick<Commission, 'currency' | 'status' | 'approveAt'>, payout: PayoutOutlook): string {
  const money = (minor: number) => formatMoney(minor, c.currency)
  const minimum = payout.minimumMinor > 0 ? ` Payouts are made once your approved balance is at least ${money(payout.minimumMinor)}.` : ''
  if (c.status === 'on_hold') return 'It is on hold while the program reviews it.'
  if (c.status === 'pending') return `It is pending${c.approveAt ? ` until ${c.approveAt.slice(0, 10)}, when the holding period ends` : ''}.${minimum}`
  if (payout.included) return 'It is approved and will be in your next payout.'
  switch (payout.reason) {
    case 'below_minimum':
      return `It is approved. Your approved balance, ${money(payout.approvedMinor)}, is paid once it reaches the program's minimum payout of ${money(payout.minimumMinor)}.`
    case 'owed_back':
      return `It is approved, and first makes up what you owe back from refunds: your approved balance is ${money(payout.approvedMinor)}.`
    case 'missing_payout_details':
      return 'It is approved, and will be paid once you add your payout details in the portal.'
    case 'currency_not_scheduled':
      return `It is approved. The program's payout schedule does not pay ${c.currency} yet.`
    default:
      return 'It is approved.'
  }
}

export function payoutNotice(p: { amountMinor: number; currency: string }): NoticeText {
  const money = formatMoney(p.amountMinor, p.currency)
  return { title: `Payout sent: ${money}`, body: `We sent you a payout of ${money}. Depending on your payout method, it can take a few days to arrive.` }
}

/**
 * A chargeback's take-back given back (the program won the dispute): told as money earned again, owed now
 * (approved: a commission paid or approved already) or with its commission (still in its holding period or held).
 */
export function reinstatedNotice(r: { amountMinor: number; currency: string; owedNow: boolean }): NoticeText {
  const money = formatMoney(r.amountMinor, r.currency)
  const when = r.owedNow ? 'It is owed now and is added to your next payout.' : 'It is paid with the commission, once the commission is approved.'
  return { title: `You earned ${money} back`, body: `A chargeback had taken ${money} back from your commission; the program won the dispute, so it is yours again. ${when}` }
}

export function messageNotice(m: { programName: string; senderName: string | null; body: string }): NoticeText {
  return { title: `New message from ${m.senderName ?? m.programName}`, body: m.body }
}

/** What an applicant is told when the program rejects them (they are no partner: an email only). */
export function rejectionText(a: { programName: string; reason: string }): NoticeText {
  return {
    title: `Your application to ${a.programName}`,
    body: `Thank you for applying to the ${a.programName} partner program. We are sorry: your application was not accepted.\n\nReason: ${a.reason}`,
  }
}

// ---- Unsubscribe links ------------------------------------------------------------------------------
// A notice email's link turns its kind off for its partner: `n1.<program id>.<partner id>.<kind>.<signature>`,
// where the signature (kernel/secrets.ts, SecretBox.sign) is over everything before it. Ids hold no dots.

export interface UnsubscribeClaim {
  programId: string
  partnerId: string
  kind: NoticeKind
}

/** The text a link signs. */
export function unsubscribeText(c: UnsubscribeClaim): string {
  return `n1.${c.programId}.${c.partnerId}.${c.kind}`
}

/** The claim and its signature, or null when the token is not a notice link (a newsletter's, or garbage). */
export function parseUnsubscribeToken(token: string): { claim: UnsubscribeClaim; text: string; signature: string } | null {
  const m = /^n1\.(prg_[0-9a-z]{24})\.(prt_[0-9a-z]{24})\.([a-z_]{1,40})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!m || !NOTICE_KINDS.includes(m[3] as NoticeKind)) return null
  const claim = { programId: m[1]!, partnerId: m[2]!, kind: m[3] as NoticeKind }
  return { claim, text: unsubscribeText(claim), signature: m[4]! }
}

/** How a kind reads in a sentence: "emails about new commissions". */
export const KIND_WORDS: Record<NoticeKind, string> = {
  commission_earned: 'new commissions',
  payout_sent: 'payouts',
  application_approved: 'your application',
  message: 'new messages',
  challenge_won: 'challenges you win',
  deal_update: 'your registered deals',
  bounty_update: 'your bounty submissions',
  claim_decided: 'your missing-commission claims',
  recruit_update: 'people applying through your recruiting link',
}

// What a newsletter or notification email says: a text part, an HTML part, and for newsletters the
// unsubscribe link (RFC 2369 List-Unsubscribe, RFC 8058 one-click List-Unsubscribe-Post).
import type { Commission, CommissionReason, CommissionReasonTier } from '@afflio/sdk/types'
import { escapeHtml, markdownToHtml, textToHtml } from '../kernel/markdown.ts'
import { formatMoney } from '../kernel/money.ts'
import { type Backoff, retryDelayMs } from '../kernel/retry-schedule.ts'

export interface EmailContent {
  subject: string
  text: string
  html: string
  headers: Record<string, string>
}

/** `https://host/v1/unsubscribe/<token>` under the public base URL (a trailing slash is tolerated). */
export function unsubscribeUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/v1/unsubscribe/${encodeURIComponent(token)}`
}

export function newsletterEmail(n: { programName: string; subject: string; body: string; format: 'text' | 'markdown'; unsubscribeUrl: string }): EmailContent {
  const bodyHtml = n.format === 'markdown' ? markdownToHtml(n.body) : textToHtml(n.body)
  const footerText = `You receive this as a partner of ${n.programName}. Unsubscribe: ${n.unsubscribeUrl}`
  return {
    subject: n.subject,
    text: `${n.body}\n\n--\n${footerText}\n`,
    html: page(
      n.subject,
      `${bodyHtml}\n<hr>\n<p style="color:#666;font-size:12px">You receive this as a partner of ${escapeHtml(n.programName)}. ` +
        `<a href="${escapeHtml(n.unsubscribeUrl)}">Unsubscribe</a></p>`,
    ),
    headers: { 'List-Unsubscribe': `<${n.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  }
}

export function notificationEmail(n: { programName: string; subject: string; body: string }): EmailContent {
  return {
    subject: n.subject,
    text: `${n.body}\n\n--\n${n.programName}\n`,
    html: page(n.subject, `${textToHtml(n.body)}\n<hr>\n<p style="color:#666;font-size:12px">${escapeHtml(n.programName)}</p>`),
    headers: {},
  }
}

/** The invitation an imported partner receives: who invites, the link (single use), and until when it works. */
export function invitationEmail(n: { programName: string; name: string | null; link: string; expiresAt: string }): EmailContent {
  const until = new Date(n.expiresAt).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
  const greeting = n.name ? `Hello ${n.name},` : 'Hello,'
  const body = `${n.programName} invites you to join its partner program: you earn a commission on every customer you refer.`
  const after = `The link works once, until ${until}. If you did not expect this invitation, ignore this email.`
  return {
    subject: `You are invited to the ${n.programName} partner program`,
    text: `${greeting}\n\n${body}\n\nAccept the invitation: ${n.link}\n\n${after}\n\n--\n${n.programName}\n`,
    html: page(
      `Invitation from ${n.programName}`,
      `<p>${escapeHtml(greeting)}</p>\n<p>${escapeHtml(body)}</p>\n<p><a href="${escapeHtml(n.link)}">Accept the invitation</a></p>\n<p style="color:#666;font-size:12px">${escapeHtml(after)}</p>`,
    ),
    headers: {},
  }
}

/**
 * A commission in an email: its amount and why, in the same words as the portal (widget/src/reason.ts) with
 * amounts as `USD 1,250.00`. A commission recorded before reasons were data says its English `reason`.
 *
 * @example commissionInWords(c) // 'USD 10.00 (Lead bounty: USD 10.00 per lead)'
 */
export function commissionInWords(c: Pick<Commission, 'amountMinor' | 'currency' | 'reason' | 'reasonData'>): string {
  return `${formatMoney(c.amountMinor, c.currency)} (${c.reasonData ? reasonInWords(c.reasonData) : c.reason})`
}

const METRIC = { paid_customers: 'paying customers', sales: 'sales', revenue: 'revenue' } as const

/**
 * Why a commission has its amount, in English for emails: `Partners: 20% of a USD 100.00 sale (tier Gold:
 * 12 paying customers, from 10)`, `Lead bounty: USD 10.00 per lead`, `Refund of USD 50.00 on a USD 100.00 sale`,
 * `USD 100.00 earned by a partner you recruited, marked fraud after payout: stolen card`.
 */
export function reasonInWords(r: CommissionReason): string {
  const rate = (bps: number) => `${(bps / 100).toFixed(2).replace(/\.?0+$/, '')}%`
  switch (r.kind) {
    case 'rule': {
      const rule = r.rule.id === null ? 'Program default' : r.rule.name
      let text =
        r.basis === 'percent'
          ? `${rule}: ${rate(r.rateBps)} of a ${formatMoney(r.saleAmountMinor, r.currency)} sale`
          : `${rule}: ${formatMoney(r.amountMinor, r.currency)} per ${r.event}${r.capped ? ', up to the sale’s amount' : ''}`
      if (r.tier) text += ` (${tierInWords(r.tier)})`
      return text
    }
    case 'override':
      return `${rate(r.rateBps)} of ${formatMoney(r.sourceAmountMinor, r.currency)} earned by a partner you recruited`
    case 'clawback':
      // A reason stored before fraud clawbacks has no cause: a refund's
      if (r.cause === 'fraud') return `${formatMoney(r.fraudAmountMinor, r.currency)} earned by a partner you recruited, marked fraud after payout: ${r.note}`
      return `Refund of ${formatMoney(r.refundedMinor, r.currency)} on a ${formatMoney(r.saleAmountMinor, r.currency)} sale${r.afterPayout ? ', after payout' : ''}`
    case 'bonus':
      return `Bonus: challenge “${r.challengeName}” met`
  }
}

function tierInWords(t: CommissionReasonTier): string {
  if (t.pinned) return `tier ${t.name}, set by the program`
  const count = (n: number) => (t.metric === 'revenue' && t.currency ? formatMoney(n, t.currency) : n.toLocaleString('en-US'))
  return `tier ${t.name}: ${count(t.value)} ${METRIC[t.metric]}, from ${count(t.from)}`
}

function page(title: string, body: string): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body style="font-family:sans-serif;line-height:1.5">\n${body}\n</body></html>\n`
}

/** Waits between an email's tries: 1 min, 5 min, 30 min, 2 h, 6 h; about 9 hours over 6 tries, then failed. */
export const EMAIL_BACKOFF: Backoff = [1, 5, 30, 120, 360]

/** Wait before retrying an email after `attempts` failed tries; null gives up. */
export function emailRetryDelayMs(attempts: number): number | null {
  return retryDelayMs(EMAIL_BACKOFF, attempts)
}

/** The From header: MAIL_FROM's address under the program's name (`"Acme Partners" <no-reply@…>`). */
export function fromHeader(mailFrom: string, programName: string): { name: string; address: string } {
  const m = /<([^<>]+)>\s*$/.exec(mailFrom)
  return { name: programName, address: (m ? m[1]! : mailFrom).trim() }
}

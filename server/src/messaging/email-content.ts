// What a newsletter, notice or one-off email says: a text part, an HTML part in the program's brand colour,
// and for newsletters and notices the unsubscribe link (RFC 2369 List-Unsubscribe, RFC 8058 one-click
// List-Unsubscribe-Post).
import { inEnglish, type ReasonFormat, reasonInWords } from '@afflio/sdk/reason'
import type { Commission } from '@afflio/sdk/types'
import { escapeHtml, markdownToHtml, textToHtml } from '../kernel/markdown.ts'
import { formatMoney, formatPercent } from '../kernel/money.ts'
import { reasonForPartner } from '../ledger/index.ts'
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

/** Who sends: the program's name, and its brand colour (`#rrggbb`) or null for the default. */
export interface Sender {
  programName: string
  brandColor: string | null
}

export function newsletterEmail(n: Sender & { subject: string; body: string; format: 'text' | 'markdown'; unsubscribeUrl: string }): EmailContent {
  const bodyHtml = n.format === 'markdown' ? markdownToHtml(n.body) : textToHtml(n.body)
  return unsubscribable(n, { subject: n.subject, text: n.body, bodyHtml, what: 'newsletter emails', unsubscribeUrl: n.unsubscribeUrl })
}

/**
 * A notice by email: its text, and a link that turns off this kind of email (also as RFC 8058 one-click
 * headers, so mail clients offer "Unsubscribe" beside the sender).
 */
export function noticeEmail(n: Sender & { title: string; body: string; kindWords: string; unsubscribeUrl: string }): EmailContent {
  return unsubscribable(n, { subject: n.title, text: n.body, bodyHtml: textToHtml(n.body), what: `emails about ${n.kindWords}`, unsubscribeUrl: n.unsubscribeUrl })
}

/** A one-off email with no list to leave (an applicant told of a decision). */
export function notificationEmail(n: Sender & { subject: string; body: string }): EmailContent {
  return {
    subject: n.subject,
    text: `${n.body}\n\n--\n${n.programName}\n`,
    html: page(n, n.subject, textToHtml(n.body), `<p style="margin:0">${escapeHtml(n.programName)}</p>`),
    headers: {},
  }
}

function unsubscribable(from: Sender, m: { subject: string; text: string; bodyHtml: string; what: string; unsubscribeUrl: string }): EmailContent {
  const footer = `You receive this as a partner of ${from.programName}.`
  return {
    subject: m.subject,
    text: `${m.text}\n\n--\n${footer} Stop ${m.what}: ${m.unsubscribeUrl}\n`,
    html: page(
      from,
      m.subject,
      m.bodyHtml,
      `<p style="margin:0">${escapeHtml(footer)} <a href="${escapeHtml(m.unsubscribeUrl)}" style="color:#5b6475">Unsubscribe from ${escapeHtml(m.what)}</a></p>`,
    ),
    headers: { 'List-Unsubscribe': `<${m.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  }
}

const DEFAULT_BRAND = '#2b59c3'

/** Black or white text, whichever reads better on the colour (WCAG relative luminance). */
export function textOn(hex: string): '#000000' | '#ffffff' {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }) as [number, number, number]
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
  return luminance > 0.179 ? '#000000' : '#ffffff'
}

/** The invitation an imported partner receives: who invites, the link (single use), and until when it works. */
export function invitationEmail(n: Sender & { name: string | null; link: string; expiresAt: string }): EmailContent {
  const until = new Date(n.expiresAt).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
  const greeting = n.name ? `Hello ${n.name},` : 'Hello,'
  const body = `${n.programName} invites you to join its partner program: you earn a commission on every customer you refer.`
  const after = `The link works once, until ${until}. If you did not expect this invitation, ignore this email.`
  return {
    subject: `You are invited to the ${n.programName} partner program`,
    text: `${greeting}\n\n${body}\n\nAccept the invitation: ${n.link}\n\n${after}\n\n--\n${n.programName}\n`,
    html: page(
      n,
      `Invitation from ${n.programName}`,
      `<p>${escapeHtml(greeting)}</p>\n<p>${escapeHtml(body)}</p>\n<p><a href="${escapeHtml(n.link)}">Accept the invitation</a></p>`,
      `<p style="margin:0">${escapeHtml(after)}</p>`,
    ),
    headers: {},
  }
}

/** A reason as emails say it: the SDK's English words, money as `USD 1,250.00`, rates as `12.5%`. */
const IN_EMAIL: ReasonFormat = { t: inEnglish, money: formatMoney, rate: formatPercent, count: (n) => n.toLocaleString('en-US') }

/**
 * A commission in a partner's email: its amount and why, in the steps the portal shows (the SDK's one
 * renderer, over the partner's view: a budget that stepped it down goes unnamed). A commission recorded
 * before reasons were data says its English `reason`.
 *
 * @example commissionInWords(c) // 'USD 10.00 (Lead bounty: USD 10.00 per lead)'
 */
export function commissionInWords(c: Pick<Commission, 'amountMinor' | 'currency' | 'reason' | 'reasonData'>): string {
  return `${formatMoney(c.amountMinor, c.currency)} (${c.reasonData ? reasonInWords(reasonForPartner(c.reasonData), IN_EMAIL, c) : c.reason})`
}

// Inline styles and a table: what mail clients render alike. The band at the top is in the brand colour.
function page(from: Sender, title: string, body: string, footer: string): string {
  const brand = from.brandColor && /^#[0-9a-f]{6}$/i.test(from.brandColor) ? from.brandColor.toLowerCase() : DEFAULT_BRAND
  return (
    `<!doctype html>\n<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>\n` +
    `<body style="margin:0;padding:0;background:#f6f7f9;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;color:#1d2330">\n` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f7f9"><tr><td align="center" style="padding:24px 12px">\n` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;overflow:hidden">\n` +
    `<tr><td style="background:${brand};color:${textOn(brand)};padding:16px 24px;font-weight:600;font-size:18px">${escapeHtml(from.programName)}</td></tr>\n` +
    `<tr><td style="padding:24px"><h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(title)}</h1>\n${body}\n</td></tr>\n` +
    `<tr><td style="padding:16px 24px;border-top:1px solid #e3e6eb;color:#5b6475;font-size:12px">${footer}</td></tr>\n` +
    `</table>\n</td></tr></table>\n</body></html>\n`
  )
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

// Deal registration as values: the keys a prospect is matched on, the duplicate policy, and the status
// machine. The service turns keys into one indexed query; everything decided here is tested without a database.
import type { DealDuplicateField, DealStatus } from '@afflio/sdk/types'

// Legal forms dropped from the end of a company name ("Acme, Inc." and "ACME Ltd" are one prospect).
const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc', 'corp', 'corporation', 'co', 'company',
  'gmbh', 'mbh', 'ag', 'kg', 'ug', 'ev', 'sa', 'sas', 'sarl', 'srl', 'spa', 'sl', 'bv', 'nv', 'oy', 'ab', 'as', 'aps',
  'pty', 'pte', 'pvt', 'kk', 'se', 'sp', 'zoo',
])

// Mailbox providers: a contact at gmail.com says nothing about the company, so it is never a match key.
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'hotmail.com', 'hotmail.co.uk', 'outlook.com',
  'live.com', 'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de',
  'gmx.net', 'web.de', 't-online.de', 'mail.com', 'mail.ru', 'yandex.ru', 'yandex.com', 'zoho.com', 'qq.com', '163.com',
  '126.com', 'orange.fr', 'free.fr', 'laposte.net', 'libero.it', 'fastmail.com', 'hey.com', 'tutanota.com',
])

/**
 * A company name reduced to what identifies it: lower case, accents and punctuation gone, `&` read as
 * "and", a leading "the" and trailing legal forms dropped (but never every word).
 *
 * @example normalizeCompany('The Acme Co., Ltd.') // 'acme'
 * @example normalizeCompany('Müller & Söhne GmbH') // 'muller and sohne'
 */
export function normalizeCompany(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`.]/g, '') // "Macy's", "S.A." and "L.L.C." close up rather than split
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean)
  const start = words.length > 1 && words[0] === 'the' ? 1 : 0
  let end = words.length
  while (end - start > 1 && LEGAL_SUFFIXES.has(words[end - 1]!)) end--
  return words.slice(start, end).join(' ')
}

/**
 * A web address or bare domain as a host name: lower case, no scheme, path, port or `www.`.
 * Null when nothing like a domain is left.
 *
 * @example normalizeDomain('https://www.Acme.com/pricing') // 'acme.com'
 */
export function normalizeDomain(input: string): string | null {
  const host = input
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^[^@/]*@/, '') // user info, or an email address given as a domain
    .split(/[/?#:]/)[0]!
    .replace(/^www\d*\./, '')
    .replace(/\.$/, '')
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ? host : null
}

/** The company domain an email address tells: null for mailbox providers (gmail.com, outlook.com, …). */
export function companyEmailDomain(email: string): string | null {
  const at = email.lastIndexOf('@')
  if (at < 0) return null
  const domain = normalizeDomain(email.slice(at + 1))
  return domain && !FREE_MAIL.has(domain) ? domain : null
}

/** What a registration is matched on. */
export interface DealKeys {
  company: string
  companyDomain: string | null
  contactDomain: string | null
}

export function dealKeys(d: { company: string; companyDomain?: string | null | undefined; contactEmail: string }): DealKeys {
  return {
    company: normalizeCompany(d.company),
    companyDomain: d.companyDomain ? normalizeDomain(d.companyDomain) : null,
    contactDomain: companyEmailDomain(d.contactEmail),
  }
}

/** Every domain a deal names, for the lookup. */
export function dealDomains(k: DealKeys): string[] {
  return [...new Set([k.companyDomain, k.contactDomain].filter((d): d is string => d !== null))]
}

/** A deal already in the program, as the duplicate check sees it. */
export interface ExistingDeal extends DealKeys {
  id: string
  partnerId: string
  status: DealStatus
}

/**
 * What to do with a registration that matches an earlier deal:
 * - `refuse` (409): the prospect is another partner's approved or won deal (channel conflict: the program
 *   already gave it away), or the same partner's own open deal (registered twice).
 * - `flag`: registered, with `duplicateOf` set for the program to decide: another partner's pending deal
 *   (first come is not first served until the program approves) or the partner's own won deal (an upsell?).
 */
export interface DuplicateVerdict {
  action: 'refuse' | 'flag'
  of: ExistingDeal
  /** which field of the new registration matched */
  field: DealDuplicateField
}

/** The field of `k` that matches `other`, if any: the name first, then the company's domain, then the contact's. */
export function matchField(k: DealKeys, other: DealKeys): DealDuplicateField | null {
  if (k.company !== '' && k.company === other.company) return 'company'
  const theirs = new Set(dealDomains(other))
  if (k.companyDomain && theirs.has(k.companyDomain)) return 'companyDomain'
  if (k.contactDomain && theirs.has(k.contactDomain)) return 'contactEmail'
  return null
}

/**
 * The verdict on registering `k` for `partnerId` against the program's earlier deals (any partner):
 * a refusal wins over a flag; among flags, the earliest deal. Null: no duplicate.
 *
 * @example duplicateVerdict(keys, 'prt_a', [{ id: 'deal_1', partnerId: 'prt_b', status: 'won', ...sameCompany }])
 * // { action: 'refuse', of: …, field: 'company' }
 */
export function duplicateVerdict(k: DealKeys, partnerId: string, existing: readonly ExistingDeal[]): DuplicateVerdict | null {
  let flag: DuplicateVerdict | null = null
  for (const e of [...existing].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const field = matchField(k, e)
    if (!field) continue
    const own = e.partnerId === partnerId
    if (own ? e.status === 'pending' || e.status === 'approved' : e.status === 'approved' || e.status === 'won') return { action: 'refuse', of: e, field }
    if (!flag && (own ? e.status === 'won' : e.status === 'pending')) flag = { action: 'flag', of: e, field }
  }
  return flag
}

/**
 * Approving a deal gives the prospect to its partner: refused while another partner holds an approved or
 * won deal for it (reject one of them first). Returns the conflicting deal and field, or null.
 */
export function approvalConflict(deal: DealKeys & { id: string; partnerId: string }, existing: readonly ExistingDeal[]): { of: ExistingDeal; field: DealDuplicateField } | null {
  for (const e of existing) {
    if (e.id === deal.id || e.partnerId === deal.partnerId || (e.status !== 'approved' && e.status !== 'won')) continue
    const field = matchField(deal, e)
    if (field) return { of: e, field }
  }
  return null
}

export type DealAction = 'approve' | 'reject' | 'won' | 'lost'

const MOVES: Record<DealAction, { from: DealStatus; to: DealStatus }> = {
  approve: { from: 'pending', to: 'approved' },
  reject: { from: 'pending', to: 'rejected' },
  won: { from: 'approved', to: 'won' },
  lost: { from: 'approved', to: 'lost' },
}

/**
 * The status machine: pending → approved → won | lost; pending → rejected. Returns the new status,
 * or why the move is not allowed.
 *
 * @example dealTransition('pending', 'won') // { error: 'Only an approved deal can be marked won; this one is pending' }
 */
export function dealTransition(status: DealStatus, action: DealAction): { to: DealStatus } | { error: string } {
  const move = MOVES[action]
  if (status === move.from) return { to: move.to }
  const verb = { approve: 'approved', reject: 'rejected', won: 'marked won', lost: 'marked lost' }[action]
  return { error: `Only ${move.from === 'approved' ? 'an' : 'a'} ${move.from} deal can be ${verb}; this one is ${status}` }
}

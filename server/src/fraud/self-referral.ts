// Self-referral: the buyer's email looks like the partner's own. Pure; fraud-rules.ts decides what follows.
import type { FraudFlag } from '@afflio/sdk/types'

const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'icloud.com', 'me.com',
  'aol.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'web.de', 'mail.com', 'yandex.ru', 'mail.ru', 'zoho.com', 'fastmail.com',
])

/** The mailbox an address really reaches: lower case, without +tag, without dots in the local part. */
export function canonicalEmail(email: string): string {
  const [local = '', domain = ''] = email.trim().toLowerCase().split('@')
  const base = local.split('+')[0]!.replace(/\./g, '')
  return `${base}@${domain === 'googlemail.com' ? 'gmail.com' : domain}`
}

export type SelfReferral = Extract<FraudFlag, { kind: 'self_referral' }>

/** Why a sale to this customer looks like a self-referral by this partner, as data, or null. */
export function selfReferral(partnerEmail: string, customerEmail: string | null | undefined): SelfReferral | null {
  if (!customerEmail) return null
  const p = canonicalEmail(partnerEmail)
  const c = canonicalEmail(customerEmail)
  if (p === c) return { kind: 'self_referral', match: 'own_address', customerEmail, domain: null }
  const domain = p.split('@')[1]!
  if (domain && domain === c.split('@')[1] && !FREE_MAIL.has(domain)) return { kind: 'self_referral', match: 'company_domain', customerEmail, domain }
  return null
}

// Fraud basics: a sale whose buyer looks like the partner is held for review, never paid blindly.

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

/** Why a sale to this customer looks like a self-referral by this partner, or null. */
export function selfReferralReason(partnerEmail: string, customerEmail: string | null | undefined): string | null {
  if (!customerEmail) return null
  const p = canonicalEmail(partnerEmail)
  const c = canonicalEmail(customerEmail)
  if (p === c) return `customer email ${customerEmail} is the partner's own address`
  const domain = p.split('@')[1]!
  if (domain && domain === c.split('@')[1] && !FREE_MAIL.has(domain)) return `customer email ${customerEmail} is at the partner's company domain ${domain}`
  return null
}

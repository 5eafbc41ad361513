// The translator every widget's string table goes through: t('period.days', { n: 7 }) -> "Last 7 days".
// `{name}` placeholders are filled from `vars`; when `n` is 1 and the table has `<key>.one`, that is used:
// t('payouts.count', { n: 1 }) -> "1 payout". The host's replacements override some or all strings.
export function translatorFor<K extends string>(base: Record<K, string>, messages: Partial<Record<K, string>> = {}) {
  const table: Record<string, string> = { ...base, ...messages }
  return (key: K, vars?: Record<string, string | number>): string =>
    ((vars && String(vars.n) === '1' && table[`${key}.one`]) || (table[key] ?? key)).replace(/\{(\w+)\}/g, (m, name: string) =>
      vars && name in vars ? String(vars[name]) : m,
    )
}

/** What the kit's states (states.tsx, Paged.tsx) say, the same in every widget. */
export const stateWords = {
  loading: 'Loading…',
  retry: 'Try again',
  more: 'Load more',
  error: 'Something went wrong while loading this.',
  'error.network': 'Could not reach the server. Check your connection.',
} as const

/** The strings every Afflio widget uses (the portal, the application form). */

export const common = {
  ...stateWords,
  required: 'This is required.',
  optional: '(optional)',
  'links.badUrl': 'Enter a full address starting with https://',
  'payouts.badEmail': 'Enter a valid email address.',
} as const

/** Why a typed amount was refused (amount.ts's amountError), the same in the console and the portal. */
export const amountWords = {
  'amount.decimals': '{currency} has {n} decimals.',
  'amount.decimals.one': '{currency} has 1 decimal.',
  'amount.noDecimals': '{currency} has no decimals.',
} as const

/** The names of the payout methods, the same in the portal (a partner's details) and the console. */
export const payoutMethods = {
  'method.paypal': 'PayPal',
  'method.wise': 'Wise',
  'method.bank': 'Bank transfer',
  'method.stripe_connect': 'Stripe Connect',
} as const

/**
 * A payout's status, the same in the portal (a partner's payout history) and the console (runs, a
 * partner's page). Not "Pending": that is a commission in its holding period.
 */
export const payoutStatuses = {
  'payout.pending': 'Waiting',
  'payout.processing': 'Processing',
  'payout.paid': 'Paid',
  'payout.failed': 'Failed',
} as const

/** The words for a resource's kind, the same in the portal (what a partner gets) and the console. */
export const resourceKinds = {
  'kind.logo': 'Logo',
  'kind.banner': 'Banner',
  'kind.copy': 'Copy',
  'kind.other': 'Other',
  'kind.terms': 'Terms',
  'kind.brand_guidelines': 'Brand guidelines',
} as const

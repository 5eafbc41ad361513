// The program the load runs against, set up through the public API like an operator would: a program
// (admin token), no holding period (so payout runs have something to pay), a percent rule for sales and a
// flat one for leads, partners with payout details and portal tokens, and a webhook endpoint for every event.
import type { CreatedProgram, CreatedWebhookEndpoint, CommissionRule, EmbedToken, PartnerWithLink } from '../../sdk/src/types.ts'
import type { LoadClient } from './client.ts'

export interface Partner {
  id: string
  code: string
  /** embed token, for portal reads */
  token: string
}

export interface Fixture {
  publishableKey: string
  secretKey: string
  partners: Partner[]
  /** the sale rule's rate and the lead rule's amount, to compute what each conversion must earn */
  saleRateBps: number
  leadAmountMinor: number
  currency: string
}

export const SALE_RATE_BPS = 1250
export const LEAD_AMOUNT_MINOR = 300

async function ok<T>(what: string, p: Promise<{ status: number; body: unknown }>): Promise<T> {
  const a = await p
  if (a.status >= 300) throw new Error(`setup: ${what} answered ${a.status} ${JSON.stringify(a.body)}`)
  return a.body as T
}

export async function createFixture(client: LoadClient, adminToken: string, webhookUrl: string, partnerCount: number, run: string): Promise<Fixture> {
  const created = await ok<CreatedProgram>('create program', client.call('setup', 0, 'POST', '/v1/admin/programs', { token: adminToken, body: { name: `Load ${run}`, currency: 'USD' } }))
  const sk = created.secretKey
  const secret = (method: string, path: string, body?: unknown) => client.call('setup', 0, method, path, { token: sk, body })
  // No holding period: commissions are owed at once, so a payout run during the load pays them.
  await ok('settings', secret('PATCH', '/v1/program/settings', { holdingDays: 0 }))
  await ok<CommissionRule>('sale rule', secret('POST', '/v1/rules', { name: 'Sales', event: 'sale', type: 'percent', value: SALE_RATE_BPS }))
  await ok<CommissionRule>('lead rule', secret('POST', '/v1/rules', { name: 'Leads', event: 'lead', type: 'flat', value: LEAD_AMOUNT_MINOR }))
  await ok<CreatedWebhookEndpoint>('webhook endpoint', secret('POST', '/v1/webhook-endpoints', { url: webhookUrl, events: ['*'] }))

  const partners = await Promise.all(
    Array.from({ length: partnerCount }, async (_, i) => {
      const p = await ok<PartnerWithLink>('partner', secret('POST', '/v1/partners', { email: `partner${i}@load.test`, name: `Partner ${i}`, linkCode: `load-${run}-${i}` }))
      const { token } = await ok<EmbedToken>('embed token', secret('POST', '/v1/embed-tokens', { partnerId: p.id, expiresInSeconds: 86_400 }))
      await ok('payout details', client.call('setup', 0, 'PUT', '/v1/portal/payout-details', { token, body: { method: 'paypal', email: `payouts${i}@partner.test` } }))
      return { id: p.id, code: p.links[0]!.code, token }
    }),
  )
  return { publishableKey: created.publishableKey, secretKey: sk, partners, saleRateBps: SALE_RATE_BPS, leadAmountMinor: LEAD_AMOUNT_MINOR, currency: 'USD' }
}

// Customers and sales, read-only: the program's lists and a partner's. Figures per customer come from the
// sales of the page's customers in one grouped query.
import type { CustomerSummary, ListCustomersQuery, ListSalesQuery, Page, PortalCustomer, Sale } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import { notFraud, toCustomer, toSale } from '../ledger/index.ts'
import { maskEmail } from '../kernel/mask-email.ts'
import { customerStatus, netRevenue, type PurchaseTotals } from './customer-rules.ts'

interface Purchases extends PurchaseTotals {
  first: string | null
  last: string | null
}

/**
 * Sales, paid and refunded per currency, and first and last purchase, of each customer named: the one
 * reading of a customer's purchases, for the program's list and the partner's. A sale marked fraud is no
 * purchase (the ledger's notFraud), as it counts in no overview. `partnerId`: only the sales credited to
 * that partner: a customer a later click moved to them may have bought through another partner before,
 * which is that partner's business, not theirs.
 */
async function purchasesOf(db: Db, programId: string, customerIds: string[], partnerId?: string): Promise<Map<string, Purchases>> {
  const out = new Map<string, Purchases>()
  if (!customerIds.length) return out
  let sales = notFraud(db.selectFrom('sales'))
  if (partnerId) sales = sales.where('partner_id', '=', partnerId)
  const rows = await sales
    .select((eb) => [
      'customer_id',
      'currency',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('amount_minor').as('paid'),
      eb.fn.sum<number>('refunded_minor').as('refunded'),
      eb.fn.min<string>('occurred_at').as('first'),
      eb.fn.max<string>('occurred_at').as('last'),
    ])
    .where('program_id', '=', programId)
    .where('customer_id', 'in', customerIds)
    .groupBy(['customer_id', 'currency'])
    .execute()
  for (const r of rows) {
    const p = out.get(r.customer_id!) ?? { sales: 0, byCurrency: [], first: null, last: null }
    p.sales += Number(r.n)
    p.byCurrency.push({ currency: r.currency, paidMinor: Number(r.paid), refundedMinor: Number(r.refunded) })
    if (!p.first || r.first < p.first) p.first = r.first
    if (!p.last || r.last > p.last) p.last = r.last
    out.set(r.customer_id!, p)
  }
  return out
}

const none: Purchases = { sales: 0, byCurrency: [], first: null, last: null }
const figures = (p: Purchases) => ({ status: customerStatus(p), sales: p.sales, revenue: netRevenue(p), firstPurchaseAt: p.first, lastPurchaseAt: p.last })

export async function customersPage(db: Db, programId: string, q: ListCustomersQuery & { limit: number }): Promise<Page<CustomerSummary>> {
  let query = db.selectFrom('customers').selectAll().where('program_id', '=', programId)
  if (q.partnerId) query = query.where('partner_id', '=', q.partnerId)
  if (q.email) query = query.where((eb) => eb(eb.fn('lower', ['email']), '=', q.email!.toLowerCase()))
  const page = await paginate(query, 'id', q, (r) => r)
  const purchases = await purchasesOf(db, programId, page.data.map((r) => r.id))
  return { data: page.data.map((r) => ({ ...toCustomer(r), ...figures(purchases.get(r.id) ?? none) })), nextCursor: page.nextCursor }
}

/** The partner's customers only; the address masked. */
export async function partnerCustomersPage(db: Db, programId: string, partnerId: string, q: { cursor?: string | undefined; limit: number }): Promise<Page<PortalCustomer>> {
  const query = db.selectFrom('customers').select(['id', 'email', 'created_at']).where('program_id', '=', programId).where('partner_id', '=', partnerId)
  const page = await paginate(query, 'id', q, (r) => r)
  const purchases = await purchasesOf(db, programId, page.data.map((r) => r.id), partnerId)
  return { data: page.data.map((r) => ({ id: r.id, email: maskEmail(r.email), ...figures(purchases.get(r.id) ?? none), createdAt: r.created_at })), nextCursor: page.nextCursor }
}

export function salesPage(db: Db, programId: string, q: ListSalesQuery & { limit: number }): Promise<Page<Sale>> {
  let query = db.selectFrom('sales').selectAll().where('program_id', '=', programId)
  if (q.partnerId) query = query.where('partner_id', '=', q.partnerId)
  if (q.customerId) query = query.where('customer_id', '=', q.customerId)
  if (q.since) query = query.where('created_at', '>=', q.since)
  if (q.until) query = query.where('created_at', '<', q.until)
  return paginate(query, 'id', q, toSale)
}

import type { PortalCommission, PortalCommissionPage } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { toCommission } from '../ledger/index.ts'
import { paginate } from '../kernel/db/page.ts'
import type { PortalSession } from './embed-tokens.ts'

/** The partner's commissions, newest first, each with the sale it is for. */
export async function listPortalCommissions(db: Db, session: PortalSession, q: { cursor?: string | undefined; limit: number }): Promise<PortalCommissionPage> {
  const query = db
    .selectFrom('commissions')
    .leftJoin('sales', 'sales.id', 'commissions.sale_id')
    .selectAll('commissions')
    .select(['sales.invoice_id', 'sales.amount_minor as sale_amount_minor', 'sales.currency as sale_currency', 'sales.occurred_at'])
    .where('commissions.program_id', '=', session.program.id)
    .where('commissions.partner_id', '=', session.partner.id)
  return paginate(query, 'commissions.id', q, (r): PortalCommission => ({
    ...toCommission(r),
    sale:
      r.invoice_id === null
        ? null
        : { invoiceId: r.invoice_id, amountMinor: Number(r.sale_amount_minor), currency: r.sale_currency!, occurredAt: r.occurred_at! },
  }))
}

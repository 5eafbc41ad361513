// A sale marked fraud with its partner's own commission (holds.ts marksSaleFraud): stored on the sale, so every
// figure of a partner's performance leaves it out (sale-credits.ts countsAsPerformance, creditedSales in
// SQL), and taken out of the daily rollups for each partner it counted for, in the mark's transaction.
import type { Tx } from '../kernel/db/connect.ts'
import type { SaleTable } from '../kernel/db/schema.ts'
import { uncountSale } from '../stats/index.ts'
import { saleShares } from './sale-credits.ts'
import { setSaleFraud } from './sale-queries.ts'

/**
 * Marks the sale fraud, unless it is already (the other commission of a split); returns whether it did.
 * `sale` read under its lock (sale-queries.ts lockSaleById), so the refunds the rollups counted for it are
 * all in its refunded totals.
 */
export async function markSaleFraud(tx: Tx, sale: SaleTable, at: string): Promise<boolean> {
  const counted = saleShares(sale) // as the rollups count it now, before the mark
  if (!(await setSaleFraud(tx, sale.id, at))) return false
  for (const share of counted) await uncountSale(tx, sale, share)
  return true
}

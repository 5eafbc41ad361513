import type { ListBalancesQuery, PartnerBalance } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { partnerBalances } from './queries.ts'

/** `GET /v1/balances`: each partner's ledger totals per currency, from the one ledger query. */
export function listBalances(db: Db, programId: string, query: ListBalancesQuery): Promise<PartnerBalance[]> {
  return partnerBalances(db, { programId, partnerId: query.partnerId })
}

import type { PortalCommissionPage } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import type { PortalSession } from './embed-tokens.ts'
import { partnerCommissionsPage } from './queries.ts'

/** The partner's commissions, newest first, each with the sale it is for. */
export function listPortalCommissions(db: Db, session: PortalSession, q: { cursor?: string | undefined; limit: number }): Promise<PortalCommissionPage> {
  return partnerCommissionsPage(db, session.program.id, session.partner.id, q)
}

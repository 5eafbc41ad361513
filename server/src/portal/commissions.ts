import type { PortalCommissionPage } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import type { PortalSession } from './embed-tokens.ts'
import { commissionForPartner } from '../ledger/index.ts'
import { partnerCommissionsPage } from './queries.ts'

/** The partner's commissions, newest first, each with the sale it is for. */
export async function listPortalCommissions(db: Db, session: PortalSession, q: { cursor?: string | undefined; limit: number }): Promise<PortalCommissionPage> {
  const page = await partnerCommissionsPage(db, session.program.id, session.partner.id, q)
  return { ...page, data: page.data.map((c) => commissionForPartner(withoutFlags(c))) }
}

// Which fraud rules a commission tripped is the program's to know: a partner told which checks it failed
// learns how to pass them. The hold reason of a held commission is still shown, as before (a budget's
// without its name or figures: commissionForPartner).
function withoutFlags<C extends object>(c: C): Omit<C, 'fraudFlags'> {
  const { fraudFlags: _, ...rest } = c as C & { fraudFlags?: unknown }
  return rest
}

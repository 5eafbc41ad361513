import type { Link, ListLinksQuery, Page, Partner } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import type { LinkTable, PartnerTable } from '../kernel/db/schema.ts'

export function toPartner(r: Selectable<PartnerTable>): Partner {
  return {
    id: r.id,
    programId: r.program_id,
    email: r.email,
    name: r.name,
    externalId: r.external_id,
    status: r.status,
    country: r.country,
    groupId: r.group_id,
    referredById: r.referred_by_id,
    pinnedTier: r.tier_override,
    createdAt: r.created_at,
  }
}

export function toLink(r: Selectable<LinkTable>): Link {
  return { id: r.id, partnerId: r.partner_id, code: r.code, destinationUrl: r.destination_url, createdAt: r.created_at }
}

/** The program's links, of one partner or all, a cursor page. */
export function listLinks(db: Db, programId: string, q: ListLinksQuery & { limit: number }): Promise<Page<Link>> {
  return paginate(
    db.selectFrom('links').selectAll().where('program_id', '=', programId).$if(!!q.partnerId, (b) => b.where('partner_id', '=', q.partnerId!)),
    'id',
    q,
    toLink,
  )
}

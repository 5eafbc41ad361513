// A manager's view of partners: the list's performance columns and its order, and the notes managers keep
// on a partner. Part of the API contract (re-exported by types.ts).
import type { AuditActor } from './audit-types.ts'
import type { MoneyAmount } from './customers-types.ts'
import type { Id, PageQuery, Partner, PartnerStatus } from './types.ts'

/**
 * What `GET /v1/partners` can be ordered by. `createdAt` (the default) is newest first. `name` orders by the
 * name (the email without one) ignoring case and the accents of Latin, Greek and Cyrillic letters, then by
 * code point (`éa`, `Émile`, `Éz`, `Zoe`, `Σοφία`), the same on SQLite and Postgres.
 */
export type PartnerSort = 'createdAt' | 'name' | 'clicks' | 'sales' | 'revenue' | 'earnings' | 'lastActivity'

/**
 * `GET /v1/partners?status&groupId&segmentId&q&sort&order&currency`: every filter given must match.
 * `groupId: 'none'` is the partners in no group; `segmentId` a saved segment's partners (evaluated now).
 */
export interface ListPartnersQuery extends PageQuery {
  status?: PartnerStatus | undefined
  groupId?: Id | 'none' | undefined
  segmentId?: Id | undefined
  /** Part of the name, email or a link code, ignoring case (of any letter: `ÉMILE` finds `Émile`) */
  q?: string | undefined
  /** Default `createdAt` */
  sort?: PartnerSort | undefined
  /** Default `desc`. Ties are broken by id, so pages neither repeat nor skip a partner */
  order?: 'asc' | 'desc' | undefined
  /** The currency of `revenue` and `earnings` (and their order); the program's by default */
  currency?: string | undefined
}

/** A partner's figures, all time. */
export interface PartnerPerformance {
  clicks: number
  /** Credited sales not fully refunded, in any currency */
  sales: number
  /** Net revenue (amount minus refunds) of credited sales in the list's currency */
  revenue: MoneyAmount
  /** Commissions in the list's currency that count towards a balance: pending, on hold, approved, in payout and paid */
  earnings: MoneyAmount
  /** The latest click or sale; null when there was none */
  lastActivityAt: string | null
}

export interface PartnerListItem extends Partner {
  performance: PartnerPerformance
}

/** A manager's note on a partner: visible to the program only, never to the partner. */
export interface PartnerNote {
  id: Id
  partnerId: Id
  body: string
  /** Who wrote it (a console manager, or a secret key) */
  author: AuditActor
  createdAt: string
}

export interface CreatePartnerNoteInput {
  /** 1..5000 characters */
  body: string
}

// Notices and the kinds of notice email a partner turned off: every query scoped to one program and partner.
import type { Notice, NoticeKind } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { NoticeTable } from '../kernel/db/schema.ts'
import { paginate } from '../kernel/db/page.ts'
import { prepare, prepareInsert } from '../kernel/db/prepared.ts'

export function toNotice(r: Selectable<NoticeTable>): Notice {
  return { id: r.id, kind: r.kind, title: r.title, body: r.body, createdAt: r.created_at, readAt: r.read_at }
}

// Prepared (kernel/db/prepared.ts): every credited sale posts a notice to its partner.
const noticeInsert = prepareInsert('notices', ['id', 'program_id', 'partner_id', 'kind', 'title', 'body', 'created_at', 'read_at'])
const partnerOfNotice = prepare<{ program_id: string; id: string; kind: NoticeKind }, { id: string; email: string; opted_out: NoticeKind | null }>((db, arg) =>
  db
    .selectFrom('partners')
    .leftJoin('notification_optouts as o', (join) => join.onRef('o.program_id', '=', 'partners.program_id').onRef('o.partner_id', '=', 'partners.id').on('o.kind', '=', arg('kind')))
    .select(['partners.id', 'partners.email', 'o.kind as opted_out'])
    .where('partners.id', '=', arg('id'))
    .where('partners.program_id', '=', arg('program_id')),
)

/** The program's partner a notice of `kind` is for: its address, and whether it turned that kind's email off. */
export async function findPartnerToNotice(db: Db | Tx, programId: string, partnerId: string, kind: NoticeKind) {
  const row = (await partnerOfNotice.execute(db, { program_id: programId, id: partnerId, kind })).rows[0]
  return row && { id: row.id, email: row.email, optedOut: row.opted_out !== null }
}

export async function insertNotice(tx: Tx | Db, row: Selectable<NoticeTable>): Promise<void> {
  await noticeInsert.execute(tx, row)
}

export function noticesPage(db: Db, programId: string, partnerId: string, q: { cursor?: string | undefined; limit: number }) {
  const query = db.selectFrom('notices').selectAll().where('partner_id', '=', partnerId).where('program_id', '=', programId)
  return paginate(query, 'id', q, toNotice)
}

export async function unreadNoticeCount(db: Db | Tx, programId: string, partnerId: string): Promise<number> {
  const row = await db
    .selectFrom('notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('partner_id', '=', partnerId)
    .where('read_at', 'is', null)
    .where('program_id', '=', programId)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Marks the partner's unread notices read: those of `ids` (others' ids match nothing), or all. */
export async function markNoticesRead(tx: Tx, programId: string, partnerId: string, ids: readonly string[] | 'all', at: string): Promise<void> {
  if (ids !== 'all' && ids.length === 0) return
  let q = tx.updateTable('notices').set({ read_at: at }).where('partner_id', '=', partnerId).where('program_id', '=', programId).where('read_at', 'is', null)
  if (ids !== 'all') q = q.where('id', 'in', ids)
  await q.execute()
}

export async function optedOutKinds(db: Db | Tx, programId: string, partnerId: string): Promise<NoticeKind[]> {
  const rows = await db.selectFrom('notification_optouts').select('kind').where('program_id', '=', programId).where('partner_id', '=', partnerId).execute()
  return rows.map((r) => r.kind)
}

export async function insertKindOptOut(tx: Tx, programId: string, partnerId: string, kind: NoticeKind, at: string): Promise<void> {
  await tx
    .insertInto('notification_optouts')
    .values({ program_id: programId, partner_id: partnerId, kind, created_at: at })
    .onConflict((oc) => oc.columns(['program_id', 'partner_id', 'kind']).doNothing())
    .execute()
}

export async function deleteKindOptOut(tx: Tx, programId: string, partnerId: string, kind: NoticeKind): Promise<void> {
  await tx.deleteFrom('notification_optouts').where('program_id', '=', programId).where('partner_id', '=', partnerId).where('kind', '=', kind).execute()
}

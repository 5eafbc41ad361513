// Tracking's SQL: links looked up by code, clicks, and customers tied to their clicks.
// The click statements sit on the hot path: prepared once, run in the clicks' group commit (record-click.ts).
import { type Insertable, type Selectable, sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { type Arg, prepare, prepareInsert } from '../kernel/db/prepared.ts'
import { toColumns, unnestRows } from '../kernel/db/unnest.ts'
import { idFloor } from '../kernel/ids.ts'
import type { ClickTable, CustomerTable } from '../kernel/db/schema.ts'
import type { CandidateClick } from './attribution.ts'
import { extended } from '../kernel/extended.ts'

export type NewClick = Insertable<ClickTable>
export type CustomerRow = Selectable<CustomerTable>

/** A link of the program by its code's key (kernel/codes.ts), with its partner's status and name and its group's referral reward. */
export function findLinkByCode(db: Db, programId: string, key: string) {
  return db
    .selectFrom('links')
    .innerJoin('partners', 'partners.id', 'links.partner_id')
    .leftJoin('partner_groups', 'partner_groups.id', 'partners.group_id')
    .select(['links.id', 'links.partner_id', 'partners.status', 'partners.name', 'partner_groups.referral_reward as group_reward'])
    .where('links.program_id', '=', programId)
    .where('links.code_key', '=', key)
    .executeTakeFirst()
}

/** A click row as written: the schema's own shape, not a second declaration of it. */
export type ClickValues = Selectable<ClickTable>

type Recent = { link_id: string; visitor_hash: string; since: string }

const clickColumns = ['id', 'program_id', 'link_id', 'partner_id', 'landing_url', 'referrer', 'sub_id', 'visitor_hash', 'address_hash', 'fraud_data', 'created_at'] as const

function recentClicks(q: Db, arg: Arg<Recent>) {
  return q.selectFrom('clicks').select('id').where('link_id', '=', arg('link_id')).where('visitor_hash', '=', arg('visitor_hash')).where('created_at', '>=', arg('since'))
}

// Prepared once (kernel/db/prepared.ts). Postgres, click by click (a batch that failed): one of these, two
// for a reload. They read clicks_dedup, which only Postgres has; SQLite keeps the window in memory and runs
// insertClick and recentClickAt below.
const insertUnlessRecent = prepare<ClickValues & Recent, never>((db, arg) =>
  db
    .insertInto('clicks')
    .columns(clickColumns)
    .expression(db.selectNoFrom(clickColumns.map((c) => sql.val(arg(c)).as(c))).where((eb) => eb.not(eb.exists(recentClicks(db, arg))))),
)
const latestRecent = prepare<Recent, { id: string }>((db, arg) => recentClicks(db, arg).orderBy('created_at', 'desc').limit(1))

/**
 * Postgres: inserts the click unless the same visitor clicked the same link since `since`: one
 * insert-if-absent statement. True when inserted, false when it is a repeat.
 */
export async function insertClickUnlessRecent(q: Db | Tx, click: ClickValues, since: string): Promise<boolean> {
  const result = await insertUnlessRecent.execute(q, extended(click, { since }))
  return Number(result.numAffectedRows ?? 0) === 1
}

// Postgres: a batch of clicks in one statement, its rows passed as one array a column (unnest), so the
// statement's text is the same whatever the batch's size. Each statement is a round trip there, which cost
// more of a click's CPU than all the rest of it; SQLite runs the one-row statement per click, in process.
const batchColumns = [...clickColumns, 'since'] as const
/** recentClicks' rule for the unnested row `v`: its visitor's clicks on its link since its `since`. */
const recentOfRow = sql`from clicks c where c.link_id = v.link_id and c.visitor_hash = v.visitor_hash and c.created_at >= v.since`
type BatchClick = ClickValues & { since: string }

const batchInsertUnlessRecent = prepare<{ [C in (typeof batchColumns)[number]]: Array<BatchClick[C]> }, { id: string }>((db, arg) => {
  const rows = unnestRows(arg, 'v', Object.fromEntries(batchColumns.map((c) => [c, 'text'])))
  const recent = sql`select 1 ${recentOfRow}`
  return db
    .insertInto('clicks')
    .columns(clickColumns)
    .expression(sql`select ${sql.join(clickColumns.map((c) => sql.ref(`v.${c}`)))} from ${rows} where not exists (${recent})`)
    .returning('id')
})

/**
 * Postgres: the clicks of a batch (no two of the same visitor on the same link: the statement does not see
 * its own rows), each inserted unless its visitor clicked its link since its `since`. The ids inserted.
 */
export async function insertClicksUnlessRecent(tx: Tx, clicks: BatchClick[]): Promise<Set<string>> {
  const { rows } = await batchInsertUnlessRecent.execute(tx, toColumns(clicks, batchColumns))
  return new Set(rows.map((r) => r.id))
}

// SQLite: a click is a plain insert; which clicks are recent is known in memory (recent-visits.ts) and
// confirmed here by the candidate's row: the same rule as recentClicks, by rowid instead of the index.
const plainInsert = prepare<ClickValues, never>((db, arg) => db.insertInto('clicks').values(Object.fromEntries(clickColumns.map((c) => [c, arg(c)])) as ClickValues))
const recentAt = prepare<Recent & { rowid: number }, { id: string }>((db, arg) => recentClicks(db, arg).where(sql.ref('rowid'), '=', arg('rowid')))

/** SQLite: inserts the click; its rowid. */
export async function insertClick(tx: Tx, click: ClickValues): Promise<number> {
  return Number((await plainInsert.execute(tx, click)).insertId)
}

/** SQLite: the click at `rowid` when it is the visitor's on the link since `since`. */
export async function recentClickAt(tx: Tx, rowid: number, recent: Recent): Promise<{ id: string } | undefined> {
  return (await recentAt.execute(tx, extended(recent, { rowid }))).rows[0]
}

/** SQLite: a page of the clicks after `afterId` in id order (ids sort by time), as recent-visits.ts keeps them. */
export function clicksAfter(db: Db, afterId: string, limit: number) {
  return db.selectFrom('clicks').select(['id', sql<number>`rowid`.as('rowid'), 'link_id', 'visitor_hash', 'created_at']).where('id', '>', afterId).orderBy('id').limit(limit).execute()
}

/** Postgres: the visitor's latest click on the link since `since`: the one a repeat answers with. */
export async function latestRecentClick(q: Db | Tx, linkId: string, visitorHash: string, since: string): Promise<{ id: string } | undefined> {
  return (await latestRecent.execute(q, { link_id: linkId, visitor_hash: visitorHash, since })).rows[0]
}

const reloadColumns = ['id', 'link_id', 'visitor_hash', 'since'] as const

const batchLatestRecent = prepare<{ [K in (typeof reloadColumns)[number]]: string[] }, { reload: string; id: string | null }>((db, arg) => {
  const rows = unnestRows(arg, 'v', Object.fromEntries(reloadColumns.map((c) => [c, 'text'])))
  const latest = sql<string | null>`(select c.id ${recentOfRow} order by c.created_at desc limit 1)`
  return db.selectFrom(rows as never).select([sql<string>`v.id`.as('reload'), latest.as('id')])
})

/** Postgres: each reload's visitor's latest click on its link since its `since`, by the reload's own id, in one statement. */
export async function latestRecentClicks(tx: Tx, reloads: ReadonlyArray<Recent & { id: string }>): Promise<Map<string, string>> {
  if (reloads.length === 0) return new Map()
  const { rows } = await batchLatestRecent.execute(tx, toColumns(reloads, reloadColumns))
  return new Map(rows.flatMap((r) => (r.id ? [[r.reload, r.id] as const] : [])))
}

/** A click as a lead or a sale reads it: what attribution weighs, and what the rollups and the fraud rules read of it after. */
export type NamedClickRow = Pick<ClickTable, 'id' | 'partner_id' | 'created_at' | 'link_id' | 'sub_id' | 'referrer' | 'address_hash' | 'fraud_data'>

const clickById = prepare<{ program_id: string; id: string }, NamedClickRow>((db, arg) =>
  db
    .selectFrom('clicks')
    .select(['id', 'partner_id', 'created_at', 'link_id', 'sub_id', 'referrer', 'address_hash', 'fraud_data'])
    .where('program_id', '=', arg('program_id'))
    .where('id', '=', arg('id')),
)

/** The program's click, or undefined. */
export async function findClick(tx: Tx, programId: string, clickId: string): Promise<NamedClickRow | undefined> {
  return (await clickById.execute(tx, { program_id: programId, id: clickId })).rows[0]
}

// Prepared (kernel/db/prepared.ts): a sale or lead naming its customer runs these.
const customerByExternalId = prepare<{ program_id: string; external_id: string }, CustomerRow>((db, arg) =>
  db.selectFrom('customers').selectAll().where('program_id', '=', arg('program_id')).where('external_id', '=', arg('external_id')),
)
const customerInsert = prepareInsert('customers', ['id', 'program_id', 'external_id', 'email', 'name', 'click_id', 'partner_id', 'claimed_by', 'created_at'])
const attributionSet = prepare<{ id: string; click_id: string; partner_id: string }, never>((db, arg) =>
  db.updateTable('customers').set({ click_id: arg('click_id'), partner_id: arg('partner_id') }).where('id', '=', arg('id')),
)
const customerClickAdd = prepare<{ customer_id: string; click_id: string; program_id: string; created_at: string }, never>((db, arg) =>
  db
    .insertInto('customer_clicks')
    .values({ customer_id: arg('customer_id'), click_id: arg('click_id'), program_id: arg('program_id'), created_at: arg('created_at') })
    .onConflict((oc) => oc.columns(['customer_id', 'click_id']).doNothing()),
)
const clicksOfCustomer = prepare<{ customer_id: string }, Pick<ClickTable, 'id' | 'partner_id' | 'created_at'>>((db, arg) =>
  db
    .selectFrom('customer_clicks')
    .innerJoin('clicks', 'clicks.id', 'customer_clicks.click_id')
    .select(['clicks.id', 'clicks.partner_id', 'clicks.created_at'])
    .where('customer_clicks.customer_id', '=', arg('customer_id')),
)

export async function findCustomerByExternalId(tx: Tx, programId: string, externalId: string): Promise<CustomerRow | undefined> {
  return (await customerByExternalId.execute(tx, { program_id: programId, external_id: externalId })).rows[0]
}

export async function insertCustomer(tx: Tx, customer: CustomerRow): Promise<void> {
  await customerInsert.execute(tx, customer)
}

/** A customer's contact, and who has named it (claimStep's `update` and `adopt`). */
export async function updateCustomer(tx: Tx, customerId: string, named: { email: string | null; name: string | null; claimed_by: CustomerRow['claimed_by'] }): Promise<void> {
  await tx.updateTable('customers').set({ email: named.email, name: named.name, claimed_by: named.claimed_by }).where('id', '=', customerId).execute()
}

/**
 * The server takes over a customer only browsers named, with a click of its own (claimStep's `take_over`):
 * the clicks they tied and the partner those gave are dropped, and the contact and creation time are the server's.
 */
export async function takeOverCustomer(tx: Tx, customerId: string, taken: { email: string | null; name: string | null; created_at: string }): Promise<void> {
  await tx.deleteFrom('customer_clicks').where('customer_id', '=', customerId).execute()
  await tx
    .updateTable('customers')
    .set({ claimed_by: 'server', click_id: null, partner_id: null, email: taken.email, name: taken.name, created_at: taken.created_at })
    .where('id', '=', customerId)
    .execute()
}

/** The click (and its partner) a customer's sales are credited to. */
export async function setCustomerAttribution(tx: Tx, customerId: string, clickId: string, partnerId: string): Promise<void> {
  await attributionSet.execute(tx, { id: customerId, click_id: clickId, partner_id: partnerId })
}

/** Ties a click to a customer; tying it again does nothing. */
export async function addCustomerClick(tx: Tx, programId: string, customerId: string, click: { id: string; created_at: string }): Promise<void> {
  await customerClickAdd.execute(tx, { customer_id: customerId, click_id: click.id, program_id: programId, created_at: click.created_at })
}

/** Every click tied to the customer, as attribution weighs them. */
export async function customerClicks(tx: Tx, customerId: string): Promise<CandidateClick[]> {
  const { rows } = await clicksOfCustomer.execute(tx, { customer_id: customerId })
  return rows.map((r) => ({ id: r.id, partnerId: r.partner_id, createdAt: r.created_at }))
}


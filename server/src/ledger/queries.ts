// The ledger's figures: every balance and total any surface shows (API, portal, console, emails, exports)
// is read here, as sums of commission records by status. Nothing keeps a second copy of a balance.
//
// A commission's status as shown is derived here and nowhere else: a stored `approved` row whose approval
// number falls in a payout's range (its partner, its currency, approval_seq in (seq_from, seq_to], the payout
// not failed) is `in_payout`, or `paid` once that payout is paid. A payout run writes its payouts and no
// commission; failing one renumbers its commissions (approvalRenumbered) so that the next payout covers them.
import type { Commission, CommissionStatus, LedgerTotals, ListCommissionsQuery, Page, PartnerBalance } from '@afflio/sdk/types'
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { Database } from '../kernel/db/schema.ts'
import { addDays } from '../kernel/days.ts'
import { paginate } from '../kernel/db/page.ts'
import { toCommission } from './conversions.ts'
import type { StoredStatus } from './holds.ts'
import { COUNTED, foldTotals } from './totals.ts'

/** The stored columns every reader gets as they are (status and the approval number are read as derived). */
const STORED = [
  'c.id',
  'c.program_id',
  'c.partner_id',
  'c.sale_id',
  'c.reverses_id',
  'c.amount_minor',
  'c.currency',
  'c.reason',
  'c.reason_data',
  'c.kind',
  'c.rule_id',
  'c.tier',
  'c.source_id',
  'c.customer_id',
  'c.approve_at',
  'c.hold_reason',
  'c.hold_reason_data',
  'c.fraud_data',
  'c.link_id',
  'c.rule_version',
  'c.challenge_id',
  'c.created_at',
  'c.updated_at',
] as const

/**
 * Every commission as it is shown: its stored columns, `status` (in_payout and paid derived from the payout
 * covering it) and `payout_id` (that payout, or null). Read it as a table named `commissions`:
 * `db.selectFrom(shownCommissions(db).as('commissions'))`. Both databases inline it into the outer query.
 */
export function shownCommissions(db: Db | Tx) {
  return db
    .selectFrom('commissions as c')
    .leftJoin('payouts as cover', (join) => join.on(covers))
    .select(STORED)
    .select([shownStatus.as('status'), 'cover.id as payout_id'])
}

type Covering = ExpressionBuilder<Database & { c: Database['commissions']; cover: Database['payouts'] }, 'c' | 'cover'>
/** The payout `cover` covers the commission `c`: the one statement of it (shownCommissions, and the totals' covered sums). */
const covers = (eb: Covering) =>
  eb.and([
    eb('cover.partner_id', '=', eb.ref('c.partner_id')),
    eb('cover.currency', '=', eb.ref('c.currency')),
    eb('c.approval_seq', '>', eb.ref('cover.seq_from')),
    eb('c.approval_seq', '<=', eb.ref('cover.seq_to')),
    eb('c.status', '=', sql.lit('approved')),
    eb('cover.status', '<>', sql.lit('failed')),
  ])

/** A commission's status as shown, beside the payout that covers it (if any). */
const shownStatus = sql<CommissionStatus>`case when cover.status = 'paid' then 'paid' when cover.id is not null then 'in_payout' else c.status end`

/** Shown commissions, read as the table `commissions`. */
export const commissionsShown = (db: Db | Tx) => db.selectFrom(shownCommissions(db).as('commissions'))

type Unprefixed<S> = S extends `c.${infer N}` ? N : never
/** Every column of a shown commission, by name: for a prepared read, which names them rather than `*` (kernel/db/prepared.ts). */
export const SHOWN_COLUMNS = [...STORED.map((c) => c.slice(2) as Unprefixed<(typeof STORED)[number]>), 'status', 'payout_id'] as const

/**
 * What a payout run would pay each partner now, per currency: the sum and count of its approved commissions
 * that no payout covers (numbered after the end of its last payout that did not fail), and the range a
 * payout of them covers. One aggregate: a row per partner and currency, never per commission.
 */
export async function owedBalances(db: Db | Tx, programId: string) {
  const rows = await owedBalancesQuery(db, programId).execute()
  return rows.map((r) => ({ partnerId: r.partner_id, currency: r.currency, amountMinor: Number(r.amount), n: Number(r.n), seqFrom: Number(r.seq_from), seqTo: Number(r.seq_to) }))
}

/** owedBalances' query (bench/payouts.ts explains it). */
export function owedBalancesQuery(db: Db | Tx, programId: string) {
  const covered = db
    .selectFrom('payouts')
    .select(['partner_id', 'currency', (eb) => eb.fn.max('seq_to').as('seq_to')])
    .where('program_id', '=', programId)
    .where('status', '<>', 'failed')
    .groupBy(['partner_id', 'currency'])
  return db
    .selectFrom('commissions as c')
    .leftJoin(covered.as('w'), (join) => join.onRef('w.partner_id', '=', 'c.partner_id').onRef('w.currency', '=', 'c.currency'))
    .select([
      'c.partner_id',
      'c.currency',
      sql<number>`sum(c.amount_minor)`.as('amount'),
      sql<number>`count(*)`.as('n'),
      sql<number>`coalesce(max(w.seq_to), 0)`.as('seq_from'),
      sql<number>`max(c.approval_seq)`.as('seq_to'),
    ])
    .where('c.program_id', '=', programId)
    .where('c.status', '=', sql.lit('approved'))
    .where('c.approval_seq', '>', sql<number>`coalesce(w.seq_to, 0)`)
    .groupBy(['c.partner_id', 'c.currency'])
}

export interface TotalsScope {
  programId: string
  partnerId?: string | undefined
  /** Only commissions created at or after this instant (ISO) */
  createdFrom?: string | null | undefined
  /** Only commissions created on these UTC days (`YYYY-MM-DD`, inclusive) */
  days?: { from: string; to: string } | undefined
}

/**
 * The stored statuses of the commissions that count: `in_payout` and `paid` are stored `approved`, which
 * counts whichever payout covers it, so a sum over every counted status needs no payout join.
 */
const COUNTED_STORED = COUNTED.filter((s): s is StoredStatus => s !== 'in_payout' && s !== 'paid')

// Every status is read, the ones that count nowhere (reversed, fraud) too: a currency the partner (or the
// program) has any commission in is listed, at zero when nothing in it counts (foldTotals), so a full
// refund never makes a currency vanish from one surface while another shows it.
//
// Not one row per commission through shownCommissions' payout join: that join, per row, was most of a
// year's portal overview. The stored statuses are summed, then each payout's covered commissions (a range
// of commissions_partner_earned, like the stored sums for one partner) move from approved to in_payout or
// paid. Both are filtered on stored columns: whole days are a range of created_at.
async function sums(db: Db | Tx, scope: TotalsScope, perPartner: boolean) {
  const inPeriod = <Q extends SelectQueryBuilder<Database & { c: Database['commissions'] }, 'c', object>>(q: Q): Q =>
    q
      .$if(!!scope.days, (b) => b.where('c.created_at', '>=', scope.days!.from).where('c.created_at', '<', addDays(scope.days!.to, 1)))
      .$if(!!scope.createdFrom, (b) => b.where('c.created_at', '>=', scope.createdFrom!)) as Q
  const key = perPartner ? sql<string>`c.partner_id` : sql<string>`''`
  const { programId, partnerId } = scope
  // A partner's scope checks its program once, so that its sums read the index alone.
  const stored = inPeriod(db.selectFrom('commissions as c'))
    .$if(partnerId === undefined, (q) => q.where('c.program_id', '=', programId))
    .$if(partnerId !== undefined, (q) =>
      q.where('c.partner_id', '=', partnerId!).where(({ exists, selectFrom }) => exists(selectFrom('partners').select('partners.id').where('partners.id', '=', partnerId!).where('partners.program_id', '=', programId))),
    )
    .select([key.as('key'), 'c.currency', sql<CommissionStatus>`c.status`.as('status'), sql<number>`sum(c.amount_minor)`.as('amount'), sql<number>`0`.as('covered')])
    .groupBy(perPartner ? ['c.partner_id', 'c.currency', 'c.status'] : ['c.currency', 'c.status'])
  // payouts first (SQLite keeps a cross join's order): a range seek of the index per payout, not a payout lookup per commission
  const covered = inPeriod(db.selectFrom('payouts as cover').crossJoin('commissions as c').where(covers))
    .where('cover.program_id', '=', programId)
    .$if(partnerId !== undefined, (q) => q.where('cover.partner_id', '=', partnerId!))
    .select([key.as('key'), 'c.currency', shownStatus.as('status'), sql<number>`sum(c.amount_minor)`.as('amount'), sql<number>`1`.as('covered')])
    .groupBy(perPartner ? ['c.partner_id', 'c.currency', shownStatus] : ['c.currency', shownStatus])
  const rows = await stored.unionAll(covered).execute()
  return rows.flatMap((r) => {
    const row = { key: r.key, currency: r.currency, status: r.status, amountMinor: Number(r.amount) }
    return Number(r.covered) ? [row, { key: r.key, currency: r.currency, status: 'approved' as const, amountMinor: -row.amountMinor }] : [row]
  })
}

/** The program's (or one partner's) totals per currency: every currency with a commission, at zero when none counts. */
export async function ledgerTotals(db: Db | Tx, scope: TotalsScope): Promise<LedgerTotals[]> {
  return foldTotals(await sums(db, scope, false)).get('') ?? []
}

/** Each partner's totals per currency (every currency it has a commission in, at zero when none counts), ordered by partner then currency. */
export async function partnerBalances(db: Db | Tx, scope: TotalsScope): Promise<PartnerBalance[]> {
  const byPartner = foldTotals(await sums(db, scope, true))
  return [...byPartner.keys()].sort().flatMap((partnerId) => byPartner.get(partnerId)!.map((t) => ({ partnerId, ...t })))
}

/**
 * What a partner has earned in `currency`: its commissions that count towards any balance, as an
 * expression correlated on `partners.id` (the partner list's earnings column and its order).
 */
export const partnerEarned = (currency: string) => (eb: ExpressionBuilder<Database, 'partners'>) =>
  eb
    .selectFrom('commissions')
    .select(sql<number>`coalesce(sum(commissions.amount_minor), 0)`.as('n'))
    .whereRef('commissions.partner_id', '=', 'partners.id')
    .where('commissions.currency', '=', currency)
    .where('commissions.status', 'in', COUNTED_STORED)

/** The program's commission records, filtered by partner, status and payout, a cursor page. */
export function listCommissions(db: Db, programId: string, q: ListCommissionsQuery & { limit: number }): Promise<Page<Commission>> {
  return paginate(
    commissionsShown(db)
      .selectAll()
      .where('program_id', '=', programId)
      .$if(!!q.partnerId, (b) => b.where('partner_id', '=', q.partnerId!))
      .$if(!!q.status, (b) => b.where('status', '=', q.status!))
      .$if(!!q.payoutId, (b) => b.where('payout_id', '=', q.payoutId!))
      .$if(q.flagged !== undefined, (b) => b.where('fraud_data', q.flagged ? 'is not' : 'is', null)),
    'id',
    q,
    toCommission,
  )
}

import type { CommissionRule, CommissionTier, PartnerGroup } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { prepare } from '../kernel/db/prepared.ts'
import type { CommissionRuleTable } from '../kernel/db/schema.ts'
import type { Rule } from './rules.ts'
import type { ProgramRow } from '../programs/index.ts'

export type RuleRow = Selectable<CommissionRuleTable>

export function toRule(r: RuleRow): Rule {
  return {
    id: r.id,
    name: r.name,
    groupId: r.group_id,
    partnerId: r.partner_id,
    productId: r.product_id,
    event: r.event,
    type: r.type,
    value: Number(r.value),
    currency: r.currency,
    recurring: r.recurring,
    recurringLimit: r.recurring_limit,
    tiers: r.tiers ? (JSON.parse(r.tiers) as CommissionTier[]) : [],
    tierMetric: r.tier_metric,
    tierPeriod: r.tier_period,
    createdAt: r.created_at,
  }
}

export function toCommissionRule(r: RuleRow): CommissionRule {
  const { id, ...rest } = toRule(r)
  return { id: id!, ...rest }
}

/** The program's own default, as a rule: the fallback when no configured rule matches. Recurring for ever. */
export function defaultRule(p: ProgramRow): Rule {
  return {
    id: null,
    name: 'program default',
    groupId: null,
    partnerId: null,
    productId: null,
    event: 'sale',
    type: p.default_commission_type,
    value: Number(p.default_commission_value),
    currency: null,
    recurring: 'forever',
    recurringLimit: null,
    tiers: [],
    tierMetric: null,
    tierPeriod: null,
    createdAt: p.created_at,
  }
}

// Prepared (kernel/db/prepared.ts): every credited sale and lead reads them.
const rulesInForce = prepare<{ program_id: string; event: 'sale' | 'lead' }, RuleRow>((db, arg) =>
  db.selectFrom('commission_rules').selectAll().where('program_id', '=', arg('program_id')).where('event', '=', arg('event')).where('archived_at', 'is', null),
)

export async function activeRules(db: Db | Tx, programId: string, event: 'sale' | 'lead'): Promise<Rule[]> {
  return (await rulesInForce.execute(db, { program_id: programId, event })).rows.map(toRule)
}

export async function insertRule(db: Db, row: RuleRow): Promise<void> {
  await db.insertInto('commission_rules').values(row).execute()
}

/** Archives one of the program's rules in force. Returns the archived row, or undefined when there is none. */
export function archiveRuleRow(db: Db, programId: string, ruleId: string, at: string) {
  return db
    .updateTable('commission_rules')
    .set({ archived_at: at })
    .where('program_id', '=', programId)
    .where('id', '=', ruleId)
    .where('archived_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** The program's rules in force (not archived), oldest first. */
export async function listRules(db: Db, programId: string): Promise<CommissionRule[]> {
  const rows = await db.selectFrom('commission_rules').selectAll().where('program_id', '=', programId).where('archived_at', 'is', null).orderBy('id').execute()
  return rows.map(toCommissionRule)
}

/** The program's partner groups by name. */
export async function listGroups(db: Db, programId: string): Promise<PartnerGroup[]> {
  const rows = await db.selectFrom('partner_groups').selectAll().where('program_id', '=', programId).orderBy('name').execute()
  return rows.map((g) => ({ id: g.id, name: g.name, createdAt: g.created_at }))
}

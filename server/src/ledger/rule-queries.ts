import type { CommissionRule, CommissionTier } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { CommissionRuleTable } from '../kernel/db/schema.ts'
import type { Rule } from './rules.ts'
import type { ProgramRow } from '../programs/queries.ts'

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

export async function activeRules(db: Db | Tx, programId: string, event: 'sale' | 'lead'): Promise<Rule[]> {
  const rows = await db.selectFrom('commission_rules').selectAll().where('program_id', '=', programId).where('event', '=', event).where('archived_at', 'is', null).execute()
  return rows.map(toRule)
}

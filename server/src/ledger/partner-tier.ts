import type { PartnerTierStanding } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { selectRule } from './rules.ts'
import { notFound } from '../kernel/http/errors.ts'
import type { ProgramRow } from '../programs/index.ts'
import { activeRules } from './rule-queries.ts'
import { tierStanding } from './tier-metric.ts'
import { partnerPlacement } from './partner-queries.ts'

/** The partner's tier on the sale rule that applies to it (any product), or null when that rule has no tiers. */
export async function partnerTier(db: Db, program: ProgramRow, partnerId: string, now: Date): Promise<PartnerTierStanding | null> {
  const partner = await partnerPlacement(db, program.id, partnerId)
  if (!partner) throw notFound('Partner')
  const rule = selectRule(await activeRules(db, program.id, 'sale'), { event: 'sale', partnerId, groupId: partner.group_id, productId: null })
  if (!rule || rule.tiers.length === 0) return null
  const s = await tierStanding(db, partnerId, rule, program.currency, now, partner.tier_override)
  return {
    ruleId: rule.id!,
    metric: rule.tierMetric!,
    period: rule.tierPeriod ?? 'lifetime',
    current: s.current,
    tier: s.tier,
    next: s.next,
    baseValue: rule.value,
    type: rule.type,
    currency: rule.type === 'flat' ? (rule.currency ?? program.currency) : null,
  }
}

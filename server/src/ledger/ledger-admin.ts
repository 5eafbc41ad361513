// Program-side management of the ledger's inputs: rules, groups, partner placement, settings, holds.
import type {
  Commission,
  CommissionActionInput,
  CommissionRule,
  CommissionStatus,
  CreateRuleInput,
  PartnerGroup,
  Partner,
  ProgramSettingsView,
  UpdateProgramSettingsInput,
  UpdatePartnerInput,
} from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { ApiError, badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { newId } from '../kernel/ids.ts'
import { toCommission } from './conversions.ts'
import { toPartner } from '../partners/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { archiveRuleRow, insertRule, toCommissionRule } from './rule-queries.ts'
import { forgetProgram } from '../programs/index.ts'
import { sealSecret } from '../kernel/secrets.ts'
import { ACTIONS, afterAction, holdColumns } from './holds.ts'
import { commissionById, findCommission, lockCommissionFamily, updateCommissions } from './commission-queries.ts'
import { findGroup, findPartner, insertGroup, updatePartnerColumns } from './partner-queries.ts'
import { lockedFraudRules, programById, updateProgramColumns } from './settings-queries.ts'
import { readFraudRules, storedFraudRules } from '../fraud/index.ts'

async function ownsPartner(db: Db, programId: string, partnerId: string) {
  const row = await findPartner(db, programId, partnerId)
  if (!row) throw notFound(`Partner ${partnerId}`)
  return row
}

async function ownsGroup(db: Db, programId: string, groupId: string) {
  const row = await findGroup(db, programId, groupId)
  if (!row) throw notFound(`Group ${groupId}`)
}

export async function createRule(db: Db, programId: string, input: CreateRuleInput, now: Date): Promise<CommissionRule> {
  if (input.partnerId) await ownsPartner(db, programId, input.partnerId)
  if (input.groupId) await ownsGroup(db, programId, input.groupId)
  const row = {
    id: newId('rul', now.getTime()),
    program_id: programId,
    name: input.name,
    group_id: input.groupId ?? null,
    partner_id: input.partnerId ?? null,
    product_id: input.productId ?? null,
    event: input.event,
    type: input.type,
    value: input.value,
    currency: input.currency ?? null,
    recurring: input.recurring ?? 'forever',
    recurring_limit: input.recurringLimit ?? null,
    tiers: input.tiers?.length ? JSON.stringify([...input.tiers].sort((a, b) => a.from - b.from)) : null,
    tier_metric: input.tierMetric ?? null,
    tier_period: input.tierMetric ? (input.tierPeriod ?? 'lifetime') : null,
    archived_at: null,
    created_at: now.toISOString(),
  }
  await insertRule(db, row)
  return toCommissionRule(row)
}

/** Rules are archived, not deleted: commissions keep pointing at the rule that made them. */
export async function archiveRule(db: Db, programId: string, ruleId: string, now: Date): Promise<CommissionRule> {
  const row = await archiveRuleRow(db, programId, ruleId, now.toISOString())
  if (!row) throw notFound('Active rule')
  return toCommissionRule(row)
}

export async function createGroup(db: Db, programId: string, name: string, now: Date): Promise<PartnerGroup> {
  const row = { id: newId('grp', now.getTime()), program_id: programId, name, created_at: now.toISOString() }
  try {
    await insertGroup(db, row)
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A group named ${name} exists`, 'name')
    throw err
  }
  return { id: row.id, name: row.name, createdAt: row.created_at }
}

export async function updatePartner(db: Db, programId: string, partnerId: string, input: UpdatePartnerInput): Promise<Partner> {
  await ownsPartner(db, programId, partnerId)
  if (input.groupId) await ownsGroup(db, programId, input.groupId)
  if (input.referredById) {
    // Walk up the recruiter chain: a partner cannot end up recruiting itself.
    let cursor: string | null = input.referredById
    for (let depth = 0; cursor; depth++) {
      if (cursor === partnerId || depth > 100) throw badRequest('A partner cannot be its own recruiter, directly or through others', 'referredById')
      cursor = (await ownsPartner(db, programId, cursor)).referred_by_id
    }
  }
  const set = {
    ...(input.groupId !== undefined && { group_id: input.groupId }),
    ...(input.referredById !== undefined && { referred_by_id: input.referredById }),
    ...(input.status !== undefined && { status: input.status }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.country !== undefined && { country: input.country }),
  }
  if (Object.keys(set).length) await updatePartnerColumns(db, partnerId, set)
  return toPartner(await ownsPartner(db, programId, partnerId))
}

export function toSettings(p: ProgramRow): ProgramSettingsView {
  return {
    holdingDays: Number(p.holding_days),
    secondTierRateBps: Number(p.second_tier_rate_bps),
    payoutMinimums: JSON.parse(p.payout_minimums) as Record<string, number>,
    payoutProvider: p.payout_provider,
    stripeWebhookSecretSet: p.stripe_webhook_secret !== null,
    stripeApiKeySet: p.stripe_api_key !== null,
    fraudRules: readFraudRules(p.fraud_rules),
  }
}

export async function updateSettings(db: Db, programId: string, input: UpdateProgramSettingsInput): Promise<ProgramSettingsView> {
  const set = {
    ...(input.holdingDays !== undefined && { holding_days: input.holdingDays }),
    ...(input.secondTierRateBps !== undefined && { second_tier_rate_bps: input.secondTierRateBps }),
    ...(input.payoutMinimums !== undefined && { payout_minimums: JSON.stringify(input.payoutMinimums) }),
    ...(input.payoutProvider !== undefined && { payout_provider: input.payoutProvider }),
    // Sealed at rest (kernel/secrets.ts); opened only where Stripe is called or its signature checked.
    ...(input.stripeWebhookSecret !== undefined && { stripe_webhook_secret: sealSecret(db, input.stripeWebhookSecret) }),
    ...(input.stripeApiKey !== undefined && { stripe_api_key: sealSecret(db, input.stripeApiKey) }),
  }
  const row = await db.transaction().execute(async (tx) => {
    if (input.fraudRules) {
      // Merged over the rules in force, read under the row's lock: a concurrent change of another rule stays.
      const stored = await lockedFraudRules(tx, programId)
      await updateProgramColumns(tx, programId, { fraud_rules: storedFraudRules({ ...readFraudRules(stored), ...input.fraudRules }) })
    }
    if (Object.keys(set).length) await updateProgramColumns(tx, programId, set)
    const updated = await programById(tx, programId)
    // Checked on the result, inside the transaction: an invalid combination is never written.
    if (updated.payout_provider === 'stripe_connect' && !updated.stripe_api_key) throw badRequest('The stripe_connect provider needs stripeApiKey', 'stripeApiKey')
    return updated
  })
  forgetProgram(db, programId)
  return toSettings(row)
}

/**
 * Hold, release or void a commission, keeping the reason. A paid commission is never edited.
 * Its overrides and clawbacks follow it, so a held sale holds the recruiter's share too. What each
 * action accepts and leaves (a release returns to pending, or approved once due) is holds.ts's.
 */
export async function actOnCommission(db: Db, programId: string, commissionId: string, input: CommissionActionInput, now: Date): Promise<Commission> {
  const at = now.toISOString()
  return db.transaction().execute(async (tx) => {
    const row = await findCommission(tx, programId, commissionId)
    if (!row) throw notFound('Commission')
    if (afterAction(input.action, row, now) === null) throw new ApiError(409, 'conflict', `Cannot ${input.action.replace('_', ' ')} a commission that is ${row.status}`)
    const from = ACTIONS[input.action]
    const family = await lockCommissionFamily(tx, programId, row.id, from)
    const hold = holdColumns({ kind: 'action', action: input.action, note: input.reason })
    const byStatus = new Map<CommissionStatus, string[]>()
    for (const c of family) {
      const to = afterAction(input.action, c, now)
      if (to) byStatus.set(to, [...(byStatus.get(to) ?? []), c.id])
    }
    for (const [to, ids] of byStatus) {
      await updateCommissions(tx, ids, from, { status: to, ...hold, updated_at: at })
    }
    return toCommission(await commissionById(tx, row.id))
  })
}

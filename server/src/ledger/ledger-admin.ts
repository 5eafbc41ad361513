// Program-side management of the ledger's inputs: groups, partner placement, settings, holds (rules: rule-admin.ts).
import type {
  Commission,
  CommissionActionInput,
  MailStatus,
  PartnerGroup,
  UpdateGroupInput,
  PayoutSchedule,
  Partner,
  ProgramSettingsView,
  UpdateProgramSettingsInput,
  UpdatePartnerInput,
} from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { ApiError, badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { newId } from '../kernel/ids.ts'
import { toCommission, toGroup } from './conversions.ts'
import { emitStatusChanges, toPartner } from '../partners/index.ts'
import type { ProgramRow } from '../programs/index.ts'
import { forgetProgram } from '../programs/index.ts'
import { sealSecret } from '../kernel/secrets.ts'
import { ACTIONS, actionRefusal, holdColumns, marksSaleFraud, planAction, type StoredStatus } from './holds.ts'
import { markSaleFraud } from './fraud-sale.ts'
import { lockSaleById } from './sale-queries.ts'
import { approvalTick, commissionById, commissionsByIds, findCommission, insertCommissions, ledgerShare, lockCommissionFamily, updateCommissions } from './commission-queries.ts'
import { fraudClawbackRow, recruitedHold } from './commission-rows.ts'
import { emitEvent, emitEvents, subscribers } from '../webhooks/index.ts'
import { findGroup, findPartner, insertGroup, lockPartner, updateGroupColumns, updatePartnerColumns } from './partner-queries.ts'
import { lockedFraudRules, programById, updateProgramColumns } from './settings-queries.ts'
import { retentionProblem } from '../stats/index.ts'
import { readFraudRules, storedFraudRules } from '../fraud/index.ts'
import { readCouponPolicy, storedCouponPolicy } from '../coupons/index.ts'
import { readReward, storedReward } from '../rewards/index.ts'
import { unknownReference } from '../kernel/http/references.ts'

/** `field`: the partner is named in the request's body or query, not its path. */
export async function ownsPartner(db: Db, programId: string, partnerId: string, field?: string) {
  const row = await findPartner(db, programId, partnerId)
  if (!row) throw field ? unknownReference('partner', partnerId, field) : notFound(`Partner ${partnerId}`)
  return row
}

/** `field`: the group is named in the request's body or query, not its path. */
export async function ownsGroup(db: Db, programId: string, groupId: string, field?: string) {
  const row = await findGroup(db, programId, groupId)
  if (!row) throw field ? unknownReference('group', groupId, field) : notFound(`Group ${groupId}`)
  return row
}

export async function createGroup(db: Db, programId: string, name: string, audit: AuditContext): Promise<PartnerGroup> {
  const row = { id: newId('grp', audit.at.getTime()), program_id: programId, name, referral_reward: null, created_at: audit.at.toISOString() }
  try {
    await db.transaction().execute(async (tx) => {
      await insertGroup(tx, row)
      await recordAudit(tx, programId, audit, { action: 'group.created', subject: { type: 'group', id: row.id }, before: null, after: { name } })
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A group named ${name} exists`, 'name')
    throw err
  }
  return toGroup(row)
}

/** Renames a group or sets its referral reward (null: its partners' visitors get the program's). */
export async function updateGroup(db: Db, programId: string, groupId: string, input: UpdateGroupInput, audit: AuditContext): Promise<PartnerGroup> {
  const set = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.referralReward !== undefined && { referral_reward: storedReward(input.referralReward) }),
  }
  try {
    return await db.transaction().execute(async (tx) => {
      const before = toGroup(await ownsGroup(tx, programId, groupId))
      if (Object.keys(set).length) await updateGroupColumns(tx, groupId, set)
      const after = toGroup(await ownsGroup(tx, programId, groupId))
      const { id: _b, createdAt: _bc, ...was } = before
      const { id: _a, createdAt: _ac, ...is } = after
      await recordAudit(tx, programId, audit, { action: 'group.changed', subject: { type: 'group', id: groupId }, before: was, after: is })
      return after
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A group named ${input.name} exists`, 'name')
    throw err
  }
}

/** Places a partner or sets its status, with the audit entry and, when its status moved, its `partner.status_changed` event. */
export async function updatePartner(db: Db, programId: string, partnerId: string, input: UpdatePartnerInput, audit: AuditContext): Promise<Partner> {
  return db.transaction().execute(async (tx) => {
    // Locked: of two changes at once, the second reads the first's status, and the move is reported once.
    const locked = await lockPartner(tx, programId, partnerId)
    if (!locked) throw notFound(`Partner ${partnerId}`)
    const before = toPartner(locked)
    if (input.groupId) await ownsGroup(tx, programId, input.groupId, 'groupId')
    if (input.referredById) {
      // Walk up the recruiter chain: a partner cannot end up recruiting itself.
      let cursor: string | null = input.referredById
      for (let depth = 0; cursor; depth++) {
        if (cursor === partnerId || depth > 100) throw badRequest('A partner cannot be its own recruiter, directly or through others', 'referredById')
        cursor = (await ownsPartner(tx, programId, cursor, 'referredById')).referred_by_id
      }
    }
    const set = {
      ...(input.groupId !== undefined && { group_id: input.groupId }),
      ...(input.referredById !== undefined && { referred_by_id: input.referredById }),
      ...(input.status !== undefined && { status: input.status }),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.country !== undefined && { country: input.country }),
    }
    if (Object.keys(set).length) await updatePartnerColumns(tx, partnerId, set)
    const after = toPartner(await ownsPartner(tx, programId, partnerId))
    await recordAudit(tx, programId, audit, { action: 'partner.changed', subject: { type: 'partner', id: partnerId }, before: partnerAudit(before), after: partnerAudit(after) })
    await emitStatusChanges(tx, programId, [{ partner: after, previousStatus: before.status }], audit.at)
    return after
  })
}

/** The fields of a partner the program changes, as the audit log records them. */
export const partnerAudit = (p: Partner) => ({ status: p.status, groupId: p.groupId, referredById: p.referredById, pinnedTier: p.pinnedTier, name: p.name, country: p.country })

export function toSettings(p: ProgramRow, mail: MailStatus): ProgramSettingsView {
  return {
    holdingDays: Number(p.holding_days),
    secondTierRateBps: Number(p.second_tier_rate_bps),
    payoutMinimums: JSON.parse(p.payout_minimums) as Record<string, number>,
    payoutSchedule: p.payout_schedule === null ? null : (JSON.parse(p.payout_schedule) as PayoutSchedule),
    automaticPayoutRuns: Number(p.automatic_payout_runs) === 1,
    payoutProvider: p.payout_provider,
    stripeWebhookSecretSet: p.stripe_webhook_secret !== null,
    stripeApiKeySet: p.stripe_api_key !== null,
    fraudRules: readFraudRules(p.fraud_rules),
    clickRetentionDays: Number(p.click_retention_days),
    brandColor: p.brand_color,
    couponPolicy: readCouponPolicy(p.coupon_policy),
    referralReward: readReward(p.referral_reward),
    siteUrl: p.site_url,
    mail,
  }
}

/** Settings as the audit log records them: the secrets by their sealed value, which the log redacts, so a new secret shows as changed. */
const settingsAudit = (p: ProgramRow) => {
  const { stripeWebhookSecretSet: _w, stripeApiKeySet: _k, mail: _m, ...view } = toSettings(p, { configured: false })
  return { ...view, stripeWebhookSecret: p.stripe_webhook_secret, stripeApiKey: p.stripe_api_key }
}

export async function updateSettings(db: Db, programId: string, input: UpdateProgramSettingsInput, audit: AuditContext, mail: MailStatus): Promise<ProgramSettingsView> {
  const set = {
    ...(input.holdingDays !== undefined && { holding_days: input.holdingDays }),
    ...(input.secondTierRateBps !== undefined && { second_tier_rate_bps: input.secondTierRateBps }),
    ...(input.payoutMinimums !== undefined && { payout_minimums: JSON.stringify(input.payoutMinimums) }),
    ...(input.payoutSchedule !== undefined && { payout_schedule: input.payoutSchedule && JSON.stringify(input.payoutSchedule) }),
    ...(input.automaticPayoutRuns !== undefined && { automatic_payout_runs: input.automaticPayoutRuns ? 1 : 0 }),
    ...(input.payoutProvider !== undefined && { payout_provider: input.payoutProvider }),
    ...(input.clickRetentionDays !== undefined && { click_retention_days: input.clickRetentionDays }),
    ...(input.brandColor !== undefined && { brand_color: input.brandColor }),
    ...(input.referralReward !== undefined && { referral_reward: storedReward(input.referralReward) }),
    ...(input.siteUrl !== undefined && { site_url: input.siteUrl }),
    // Sealed at rest (kernel/secrets.ts); opened only where Stripe is called or its signature checked.
    ...(input.stripeWebhookSecret !== undefined && { stripe_webhook_secret: sealSecret(db, input.stripeWebhookSecret) }),
    ...(input.stripeApiKey !== undefined && { stripe_api_key: sealSecret(db, input.stripeApiKey) }),
  }
  const row = await db.transaction().execute(async (tx) => {
    // Fraud rules are merged over those in force, read under the row's lock: a concurrent change of another rule stays.
    const stored = input.fraudRules || input.couponPolicy ? await lockedFraudRules(tx, programId) : null
    const before = await programById(tx, programId)
    if (input.fraudRules) await updateProgramColumns(tx, programId, { fraud_rules: storedFraudRules({ ...readFraudRules(stored!), ...input.fraudRules }) })
    if (input.couponPolicy) await updateProgramColumns(tx, programId, { coupon_policy: storedCouponPolicy({ ...readCouponPolicy(before.coupon_policy), ...input.couponPolicy }) })
    // The retention asked for is checked before it is written too: a Postgres integer refuses a number past the
    // bound with a database error (a 500), before the check on the result could answer 400.
    const asked = input.clickRetentionDays === undefined ? null : retentionProblem(input.clickRetentionDays, Number(before.attribution_window_days))
    if (asked) throw badRequest(`clickRetentionDays: ${asked}`, 'clickRetentionDays')
    if (Object.keys(set).length) await updateProgramColumns(tx, programId, set)
    const updated = await programById(tx, programId)
    // Checked on the result, inside the transaction: an invalid combination is never written.
    if (updated.payout_provider === 'stripe_connect' && !updated.stripe_api_key) throw badRequest('The stripe_connect provider needs stripeApiKey', 'stripeApiKey')
    const retention = retentionProblem(Number(updated.click_retention_days), Number(updated.attribution_window_days))
    if (retention) throw badRequest(`clickRetentionDays: ${retention}`, 'clickRetentionDays')
    await recordAudit(tx, programId, audit, { action: 'program.settings_changed', subject: { type: 'program', id: programId }, before: settingsAudit(before), after: settingsAudit(updated) })
    return updated
  })
  forgetProgram(db, programId)
  return toSettings(row, mail)
}

// The audit entry and the webhook event of each action share their name.
const ACTION_EVENT = { hold: 'commission.held', release: 'commission.released', mark_fraud: 'commission.marked_fraud' } as const

/**
 * Hold, release or void a commission, keeping the reason. A paid commission is never edited.
 * Its overrides and clawbacks follow it, so a held sale holds the recruiter's share too, and a voided one
 * voids it, or claws it back when it is already in a payout. A partner's own commission of a sale, voided,
 * marks the sale fraud: it counts in no partner's performance from then on. What each action accepts and
 * leaves (a release returns to pending, or approved once due), what its family does and which sale it
 * marks are holds.ts's.
 */
export async function actOnCommission(db: Db, programId: string, commissionId: string, input: CommissionActionInput, audit: AuditContext): Promise<Commission> {
  const now = audit.at
  const at = now.toISOString()
  return db.transaction().execute(async (tx) => {
    const found = await findCommission(tx, programId, commissionId)
    if (!found) throw notFound('Commission')
    // The sale a mark of fraud may mark too, locked before the commissions as a refund locks them (never crosswise).
    const locked = input.action === 'mark_fraud' && found.sale_id ? await lockSaleById(tx, programId, found.sale_id) : undefined
    await ledgerShare(tx, programId)
    const family = await lockCommissionFamily(tx, programId, found.id)
    // Decided as the commission is under its lock: an action on it at the same moment has committed by now.
    const row = family.find((c) => c.id === found.id)!
    const refusal = actionRefusal(input.action, row, now)
    if (refusal) throw new ApiError(409, 'conflict', refusal)
    const from = ACTIONS[input.action]
    const sale = locked && marksSaleFraud(row, locked) ? locked : undefined
    const plan = planAction(input.action, row, family, now)
    const action = { kind: 'action', action: input.action, note: input.reason } as const
    // The note is about the commission acted on: a recruiter's override (and its clawbacks) moved with it is
    // told only that it followed the recruit's commission (commission-rows.ts, recruitedHold)
    const holds = { own: holdColumns(action), recruiter: holdColumns(recruitedHold(action, input.action)) }
    const byStatus = new Map<string, { to: StoredStatus; whose: 'own' | 'recruiter'; ids: string[] }>()
    for (const { id, to } of plan.moves) {
      const whose = id === row.id || family.find((c) => c.id === id)?.partner_id === row.partner_id ? 'own' : 'recruiter'
      const group = byStatus.get(`${to}.${whose}`) ?? { to, whose, ids: [] }
      byStatus.set(`${to}.${whose}`, { ...group, ids: [...group.ids, id] })
    }
    // Released straight to approved: numbered now (one number for the family), so no payout made meanwhile counts it as covered.
    const seq = plan.moves.some((m) => m.to === 'approved') ? await approvalTick(tx, programId) : null
    for (const { to, whose, ids } of byStatus.values()) {
      const numbered = to === 'approved' ? { approval_seq: seq! } : {}
      await updateCommissions(tx, ids, from, { status: to, ...numbered, ...holds[whose], updated_at: at })
    }
    const saleMarked = sale && plan.moves.some((m) => m.id === row.id && m.to === 'fraud') ? await markSaleFraud(tx, sale, at) : false
    // One event per commission that moved (the family's too), as it is now: read back only when an endpoint wants them.
    const targets = plan.moves.length ? await subscribers(tx, programId, ACTION_EVENT[input.action]) : []
    if (targets.length) await emitEvents(tx, programId, ACTION_EVENT[input.action], (await commissionsByIds(tx, plan.moves.map((m) => m.id))).map(toCommission), now, targets)
    const takeBacks = plan.takeBacks.map((t) => fraudClawbackRow({ original: family.find((c) => c.id === t.id)!, amountMinor: t.amountMinor, fraud: { commissionId: row.id, amountMinor: Number(row.amount_minor) }, now }))
    if (takeBacks.length) await insertCommissions(tx, takeBacks)
    for (const c of takeBacks) await emitEvent(tx, programId, 'commission.reversed', toCommission(c), now)
    const after = toCommission(await commissionById(tx, row.id))
    const alsoMoved = plan.moves.map((m) => m.id).filter((id) => id !== row.id)
    await recordAudit(
      tx,
      programId,
      audit,
      {
        action: ACTION_EVENT[input.action],
        subject: { type: 'commission', id: row.id },
        before: { status: row.status, holdReason: row.hold_reason },
        after: { status: after.status, holdReason: after.holdReason, ...(alsoMoved.length && { alsoMoved }), ...(takeBacks.length && { clawbacks: takeBacks.map((c) => c.id) }), ...(saleMarked && { saleMarkedFraud: sale!.id }) },
      },
      { always: true },
    )
    return after
  })
}

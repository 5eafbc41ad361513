// Onboarding progress: recording what a partner did (called from the places where it happens), reading a
// partner's checklist state, and turning an `approved` partner `active` when it is onboarded.
import type { OnboardingProgress, OnboardingStep } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { evaluateChecklist, type OnboardingFact, pickChecklist, PROGRAM_SCOPE, progressKey } from './checklist.ts'
import { notFound } from '../kernel/http/errors.ts'
import { checklistsOf } from './checklist-queries.ts'
import { activatePartner, findPartnerStanding, partnerProgress, recordProgress, termsVersions } from './progress-queries.ts'
import { partnerFirstClickAt } from '../stats/index.ts'
import { firstCreditedSaleAt } from '../ledger/index.ts'
import { emitStatusChanges, toPartner } from '../partners/index.ts'

export type OnboardingEventInput = { programId: string; partnerId: string } & OnboardingFact

/**
 * Records that a partner did something a checklist step may wait for, and turns the partner from
 * `approved` to `active` when that completes its checklist, or at once on its first click
 * (`share_first_link`). Idempotent: a repeat records nothing new (a terms acceptance keeps the highest
 * version). Runs inside the caller's transaction when given one; `standing` is the partner as the caller
 * read it in that transaction, spared a second read.
 *
 * @example
 * await db.transaction().execute(async (tx) => {
 *   await tx.insertInto('sales').values(sale).execute()
 *   await onboardingEvent(tx, { programId, partnerId, kind: 'first_sale' }, now)
 * })
 */
export async function onboardingEvent(db: Db | Tx, e: OnboardingEventInput, now: Date, standing?: Standing): Promise<void> {
  const key = progressKey(e)
  if (key) {
    const version = e.kind === 'accept_terms' ? e.version : null
    await recordProgress(db, { program_id: e.programId, partner_id: e.partnerId, step_key: key, version, completed_at: now.toISOString() })
  }
  if (e.kind === 'share_first_link') await activate(db, e.programId, e.partnerId, now)
  else await activateIfOnboarded(db, e.programId, e.partnerId, now, standing)
}

type Standing = { id: string; status: string; group_id: string | null }

/**
 * Turns an `approved` partner `active` if its checklist is complete; true when it did. For the places
 * that change what a partner's checklist needs (approving a partner whose steps are already done).
 */
export async function activateIfOnboarded(db: Db | Tx, programId: string, partnerId: string, now: Date, standing?: Standing): Promise<boolean> {
  const partner = standing ?? (await findPartnerStanding(db, programId, partnerId))
  if (partner?.status !== 'approved') return false
  return (await evaluate(db, programId, partner)).complete && (await activate(db, programId, partnerId, now))
}

/** `approved` -> `active`, with the partner's `partner.status_changed` event when it moved; true when it did. */
async function activate(db: Db | Tx, programId: string, partnerId: string, now: Date): Promise<boolean> {
  const activated = await activatePartner(db, programId, partnerId)
  if (!activated) return false
  await emitStatusChanges(db, programId, [{ partner: toPartner(activated), previousStatus: 'approved' }], now)
  return true
}

/** The checklist that applies to the partner (its group's, else the program's), with each step's state. */
export async function getOnboardingProgress(db: Db | Tx, programId: string, partnerId: string): Promise<OnboardingProgress> {
  const partner = await findPartnerStanding(db, programId, partnerId)
  if (!partner) throw notFound(`Partner ${partnerId}`)
  const { scope, ...state } = await evaluate(db, programId, partner)
  return { partnerId, status: partner.status, checklistGroupId: scope === PROGRAM_SCOPE ? null : scope, ...state }
}

/** The steps of the checklist that applies to a partner, and under which scope ('program' or a group id). */
export async function partnerChecklist(db: Db | Tx, programId: string, groupId: string | null): Promise<{ scope: string; steps: OnboardingStep[] }> {
  const rows = await checklistsOf(db, programId, groupId ? [PROGRAM_SCOPE, groupId] : [PROGRAM_SCOPE])
  const row = pickChecklist(groupId, rows)
  return row ? { scope: row.scope, steps: JSON.parse(row.steps) as OnboardingStep[] } : { scope: PROGRAM_SCOPE, steps: [] }
}

async function evaluate(db: Db | Tx, programId: string, partner: { id: string; group_id: string | null }) {
  const { scope, steps } = await partnerChecklist(db, programId, partner.group_id)
  if (steps.length === 0) return { scope, ...evaluateChecklist(steps, { recorded: new Map(), firstClickAt: null, firstSaleAt: null, termsVersions: new Map() }) }
  const termIds = steps.flatMap((s) => (s.kind === 'accept_terms' && s.resourceId ? [s.resourceId] : []))
  const recorded = await partnerProgress(db, programId, partner.id)
  const terms = termIds.length ? await termsVersions(db, programId, termIds) : []
  // Its first click outlives the raw click (stats keeps the time when the retention deletes it).
  const firstClickAt = steps.some((s) => s.kind === 'share_first_link') ? await partnerFirstClickAt(db, programId, partner.id) : null
  // A recorded first sale counts while a sale not marked fraud remains (the ledger's figures' rule).
  const firstSaleRecorded = steps.some((s) => s.kind === 'first_sale') && recorded.some((r) => r.step_key === progressKey({ kind: 'first_sale' }))
  const firstSaleAt = firstSaleRecorded ? await firstCreditedSaleAt(db, partner.id) : null
  return {
    scope,
    ...evaluateChecklist(steps, {
      recorded: new Map(recorded.map((r) => [r.step_key, { completedAt: r.completed_at, version: r.version === null ? null : Number(r.version) }])),
      firstClickAt,
      firstSaleAt,
      termsVersions: new Map(terms.map((t) => [t.id, Number(t.version)])),
    }),
  }
}

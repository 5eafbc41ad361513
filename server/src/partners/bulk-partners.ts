// One action over many partners: a segment's, or a listed few. Move group, set status and set tier run
// in one transaction (the audience is read inside it); pay is one payout run limited to the audience.
import type { BulkPartnersInput, BulkPartnersResult } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { ApiError, badRequest } from '../kernel/http/errors.ts'
import type { ProgramRow } from '../programs/index.ts'
import { activeRules } from '../ledger/index.ts'
import { createPayoutRun } from '../payouts/index.ts'
import { segmentPartnerIds } from '../segments/index.ts'
import { emitBulkStatusChanges } from './partner-events.ts'
import { existingPartnerIds, findGroupId, setWhereDifferent } from './queries.ts'
import { unknownReference } from '../kernel/http/references.ts'

/**
 * Applies a bulk action and reports how many partners it reached (`matched`) and changed.
 *
 * @example
 * await bulkPartners(db, program, { segmentId: 'seg_…', action: 'move_group', groupId: 'grp_…' }, now)
 * // { action: 'move_group', matched: 12, changed: 9 }
 */
export async function bulkPartners(db: Db, program: ProgramRow, input: BulkPartnersInput, audit: AuditContext): Promise<BulkPartnersResult> {
  const now = audit.at
  if (input.action === 'pay') {
    const ids = await audience(db, program.id, input, now)
    const run = await createPayoutRun(db, program, now, { partnerIds: ids, actor: audit.actor }).catch((err: unknown) => {
      if (err instanceof ApiError && err.code === 'nothing_to_pay') return undefined // reported as changed: 0
      throw err
    })
    return { action: 'pay', matched: ids.length, changed: new Set(run?.payouts.map((p) => p.partnerId)).size, ...(run && { payoutRun: run }) }
  }
  return db.transaction().execute(async (tx) => {
    const ids = await audience(tx, program.id, input, now)
    let changed: Array<{ id: string; before: string | null }> = []
    if (input.action === 'move_group') {
      if (input.groupId) {
        const group = await findGroupId(tx, program.id, input.groupId)
        if (!group) throw unknownReference('group', input.groupId, 'groupId')
      }
      changed = await setWhereDifferent(tx, program.id, ids, { group_id: input.groupId }, 'group_id', input.groupId)
    } else if (input.action === 'set_status') {
      changed = await setWhereDifferent(tx, program.id, ids, { status: input.status }, 'status', input.status)
      await emitBulkStatusChanges(tx, program.id, changed, now)
    } else {
      if (input.tier !== null) {
        const rules = await activeRules(tx, program.id, 'sale')
        if (!rules.some((r) => r.tiers.some((t) => t.name === input.tier))) throw badRequest(`No active sale rule has a tier named ${input.tier}`, 'tier')
      }
      changed = await setWhereDifferent(tx, program.id, ids, { tier_override: input.tier }, 'tier_override', input.tier)
    }
    const [field, value] = input.action === 'move_group' ? ['groupId', input.groupId] : input.action === 'set_status' ? ['status', input.status] : ['pinnedTier', input.tier]
    for (const p of changed) {
      await recordAudit(tx, program.id, audit, { action: 'partner.changed', subject: { type: 'partner', id: p.id }, before: { [field]: p.before }, after: { [field]: value } })
    }
    return { action: input.action, matched: ids.length, changed: changed.length }
  })
}

async function audience(db: Db | Tx, programId: string, input: BulkPartnersInput, now: Date): Promise<string[]> {
  if (input.segmentId !== undefined) return segmentPartnerIds(db, programId, input.segmentId, now, 'segmentId')
  const found = await existingPartnerIds(db, programId, input.partnerIds)
  const missing = input.partnerIds.find((id) => !found.has(id))
  if (missing) throw unknownReference('partner', missing, 'partnerIds')
  return [...found].sort()
}

// One action over many partners: a segment's, or a listed few. Move group, set status and set tier run
// in one transaction (the audience is read inside it); pay is one payout run limited to the audience.
import type { BulkPartnersInput, BulkPartnersResult } from '@afflio/sdk/types'
import type { Updateable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { PartnerTable } from '../kernel/db/schema.ts'
import { ApiError, badRequest, notFound } from '../kernel/http/errors.ts'
import type { ProgramRow } from '../programs/index.ts'
import { activeRules } from '../ledger/index.ts'
import { createPayoutRun } from '../payouts/index.ts'
import { segmentPartnerIds } from '../segments/index.ts'

const CHUNK = 500 // well under SQLite's bound-parameter limit

/**
 * Applies a bulk action and reports how many partners it reached (`matched`) and changed.
 *
 * @example
 * await bulkPartners(db, program, { segmentId: 'seg_…', action: 'move_group', groupId: 'grp_…' }, now)
 * // { action: 'move_group', matched: 12, changed: 9 }
 */
export async function bulkPartners(db: Db, program: ProgramRow, input: BulkPartnersInput, now: Date): Promise<BulkPartnersResult> {
  if (input.action === 'pay') {
    const ids = await audience(db, program.id, input, now)
    const run = await createPayoutRun(db, program, now, { partnerIds: ids }).catch((err: unknown) => {
      if (err instanceof ApiError && err.code === 'nothing_to_pay') return undefined // reported as changed: 0
      throw err
    })
    return { action: 'pay', matched: ids.length, changed: new Set(run?.payouts.map((p) => p.partnerId)).size, ...(run && { payoutRun: run }) }
  }
  return db.transaction().execute(async (tx) => {
    const ids = await audience(tx, program.id, input, now)
    let changed = 0
    if (input.action === 'move_group') {
      if (input.groupId) {
        const group = await tx.selectFrom('partner_groups').select('id').where('program_id', '=', program.id).where('id', '=', input.groupId).executeTakeFirst()
        if (!group) throw notFound(`Group ${input.groupId}`)
      }
      changed = await update(tx, program.id, ids, { group_id: input.groupId }, 'group_id', input.groupId)
    } else if (input.action === 'set_status') {
      changed = await update(tx, program.id, ids, { status: input.status }, 'status', input.status)
    } else {
      if (input.tier !== null) {
        const rules = await activeRules(tx, program.id, 'sale')
        if (!rules.some((r) => r.tiers.some((t) => t.name === input.tier))) throw badRequest(`No active sale rule has a tier named ${input.tier}`, 'tier')
      }
      changed = await update(tx, program.id, ids, { tier_override: input.tier }, 'tier_override', input.tier)
    }
    return { action: input.action, matched: ids.length, changed }
  })
}

async function audience(db: Db | Tx, programId: string, input: BulkPartnersInput, now: Date): Promise<string[]> {
  if (input.segmentId !== undefined) return segmentPartnerIds(db, programId, input.segmentId, now)
  const found = new Set<string>()
  for (let i = 0; i < input.partnerIds.length; i += CHUNK) {
    const rows = await db.selectFrom('partners').select('id').where('program_id', '=', programId).where('id', 'in', input.partnerIds.slice(i, i + CHUNK)).execute()
    for (const r of rows) found.add(r.id)
  }
  const missing = input.partnerIds.find((id) => !found.has(id))
  if (missing) throw notFound(`Partner ${missing}`)
  return [...found].sort()
}

/** Sets a column on the listed partners whose value differs; the count of rows changed. */
async function update(tx: Tx, programId: string, ids: string[], set: Updateable<PartnerTable>, column: 'group_id' | 'status' | 'tier_override', value: string | null): Promise<number> {
  let changed = 0
  for (let i = 0; i < ids.length; i += CHUNK) {
    const result = await tx
      .updateTable('partners')
      .set(set)
      .where('program_id', '=', programId)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .where((eb) => (value === null ? eb(column, 'is not', null) : eb.or([eb(column, 'is', null), eb(column, '!=', value)])))
      .executeTakeFirst()
    changed += Number(result.numUpdatedRows)
  }
  return changed
}

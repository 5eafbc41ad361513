// The partner list with filters (`GET /v1/partners?status&groupId&segmentId`): the filters become
// segment conditions, added to a saved segment's own, so one SQL filter (segments/queries.ts)
// answers every combination.
import type { ListPartnersQuery, Page, Partner, SegmentCondition, SegmentDefinition } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { partnersPage, partnersPageOf } from './queries.ts'
import type { ProgramRow } from '../programs/index.ts'
import { savedDefinition, segmentQuery } from '../segments/index.ts'

export async function listPartners(db: Db, program: ProgramRow, query: ListPartnersQuery & { limit: number }, now: Date): Promise<Page<Partner>> {
  const { status, groupId, segmentId, ...page } = query
  if (!status && !groupId && !segmentId) {
    return partnersPage(db, program.id, page)
  }
  const def: SegmentDefinition = segmentId ? await savedDefinition(db, program.id, segmentId) : { conditions: [] }
  const extra: SegmentCondition[] = []
  if (status) extra.push({ type: 'status', in: [status] })
  if (groupId) extra.push(groupId === 'none' ? { type: 'group', none: true } : { type: 'group', in: [groupId] })
  const q = await segmentQuery(db, { programId: program.id, currency: program.currency }, { ...def, conditions: [...def.conditions, ...extra] }, now)
  return partnersPageOf(q, page)
}

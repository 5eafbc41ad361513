// The partner list with filters (`GET /v1/partners?status&groupId&segmentId`): the filters become
// segment conditions, added to a saved segment's own, so one SQL filter (repos/segment-filter.ts)
// answers every combination.
import type { ListPartnersQuery, Page, Partner, SegmentCondition, SegmentDefinition } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { notFound } from '../kernel/http/errors.ts'
import { paginate } from '../kernel/db/page.ts'
import { toPartner } from './queries.ts'
import type { ProgramRow } from '../programs/index.ts'
import { segmentQuery } from '../segments/index.ts'

export async function listPartners(db: Db, program: ProgramRow, query: ListPartnersQuery & { limit: number }, now: Date): Promise<Page<Partner>> {
  const { status, groupId, segmentId, ...page } = query
  if (!status && !groupId && !segmentId) {
    return paginate(db.selectFrom('partners').selectAll().where('program_id', '=', program.id), 'id', page, toPartner)
  }
  let def: SegmentDefinition = { conditions: [] }
  if (segmentId) {
    const row = await db.selectFrom('segments').select('definition').where('program_id', '=', program.id).where('id', '=', segmentId).where('deleted_at', 'is', null).executeTakeFirst()
    if (!row) throw notFound('Segment')
    def = JSON.parse(row.definition) as SegmentDefinition
  }
  const extra: SegmentCondition[] = []
  if (status) extra.push({ type: 'status', in: [status] })
  if (groupId) extra.push(groupId === 'none' ? { type: 'group', none: true } : { type: 'group', in: [groupId] })
  const q = await segmentQuery(db, { programId: program.id, currency: program.currency }, { ...def, conditions: [...def.conditions, ...extra] }, now)
  return paginate(q.selectAll('partners'), 'partners.id', page, toPartner)
}

// The partner list (`GET /v1/partners?status&groupId&segmentId&q&sort&order&currency`): the filters become
// segment conditions, added to a saved segment's own, so one SQL filter (segments/queries.ts) answers every
// combination; the search term and the performance columns and their order are added on top.
import type { ListPartnersQuery, Page, PartnerListItem, SegmentCondition, SegmentDefinition } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { badRequest } from '../kernel/http/errors.ts'
import type { ProgramRow } from '../programs/index.ts'
import { savedDefinition, segmentQuery } from '../segments/index.ts'
import { readCursor } from './partner-order.ts'
import { matchingTerm, type PartnersQuery, partnersPerformancePage, programPartners } from './performance-queries.ts'

export async function listPartners(db: Db, program: ProgramRow, query: ListPartnersQuery & { limit: number }, now: Date): Promise<Page<PartnerListItem>> {
  const { status, groupId, segmentId, q, sort = 'createdAt', order = 'desc', currency = program.currency, cursor, limit } = query
  const after = cursor === undefined ? null : readCursor(sort, order, cursor)
  if (cursor !== undefined && !after) throw badRequest('cursor: not a cursor of this list in this order', 'cursor')
  let partners: PartnersQuery
  if (!status && !groupId && !segmentId) {
    partners = programPartners(db, program.id)
  } else {
    const def: SegmentDefinition = segmentId ? await savedDefinition(db, program.id, segmentId) : { conditions: [] }
    const extra: SegmentCondition[] = []
    if (status) extra.push({ type: 'status', in: [status] })
    if (groupId) extra.push(groupId === 'none' ? { type: 'group', none: true } : { type: 'group', in: [groupId] })
    partners = await segmentQuery(db, { programId: program.id, currency: program.currency }, { ...def, conditions: [...def.conditions, ...extra] }, now)
  }
  if (q) partners = matchingTerm(partners, q)
  return partnersPerformancePage(db, partners, { sort, order, currency, after, limit })
}

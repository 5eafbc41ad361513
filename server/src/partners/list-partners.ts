// The partner list (`GET /v1/partners?status&groupId&segmentId&q&sort&order&currency`): the filters become
// segment conditions, added to a saved segment's own, so one SQL filter (segments/queries.ts) answers every
// combination; the search term and the performance columns and their order are added on top.
import type { ListPartnersQuery, Page, PartnerListItem, SegmentCondition, SegmentDefinition } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { badRequest } from '../kernel/http/errors.ts'
import { NOT_A_CURSOR } from '../kernel/http/schemas.ts'
import type { ProgramRow } from '../programs/index.ts'
import { savedDefinition, segmentQuery } from '../segments/index.ts'
import { readCursor, type SortValue } from './partner-order.ts'
import { matchingTerm, type PartnersQuery, partnersPerformancePage, programPartners, sortValueOf } from './performance-queries.ts'

export async function listPartners(db: Db, program: ProgramRow, query: ListPartnersQuery & { limit: number }, now: Date): Promise<Page<PartnerListItem>> {
  const { status, groupId, segmentId, q, sort = 'createdAt', order = 'desc', currency = program.currency, cursor, limit } = query
  let after: { id: string; value: SortValue } | null = null
  if (cursor !== undefined) {
    const read = readCursor(sort, order, cursor)
    // A cursor that names the partner alone: the place is that partner's value now (another program's has none).
    const value = read && (read.value ?? (await sortValueOf(db, program.id, read.id, sort, currency)))
    if (!read || value === null || value === undefined) throw badRequest(`cursor: ${NOT_A_CURSOR} in this order`, 'cursor')
    after = { id: read.id, value }
  }
  let partners: PartnersQuery
  if (!status && !groupId && !segmentId) {
    partners = programPartners(db, program.id)
  } else {
    const def: SegmentDefinition = segmentId ? await savedDefinition(db, program.id, segmentId, 'segmentId') : { conditions: [] }
    const extra: SegmentCondition[] = []
    if (status) extra.push({ type: 'status', in: [status] })
    if (groupId) extra.push(groupId === 'none' ? { type: 'group', none: true } : { type: 'group', in: [groupId] })
    partners = await segmentQuery(db, { programId: program.id, currency: program.currency }, { ...def, conditions: [...def.conditions, ...extra] }, now)
  }
  if (q) partners = matchingTerm(partners, program.id, q)
  return partnersPerformancePage(db, partners, { sort, order, currency, programId: program.id, after, limit })
}

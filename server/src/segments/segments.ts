// Segments: saved partner filters, evaluated on the server. Other areas (messages, newsletters,
// challenges, bulk actions) take their audience from here.
import { unknownReference } from '../kernel/http/references.ts'
import type { CreateSegmentInput, Page, Partner, Segment, SegmentDefinition, SegmentPreview, SegmentWithCount, UpdateSegmentInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { transact } from '../kernel/events.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { normalizeDefinition } from './segment-rules.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import { newId } from '../kernel/ids.ts'
import { partnersPageOf, toPartner } from '../partners/index.ts'
import { countPartners, includesPartner, newestPartners, partnerIdsOf, type SegmentScope, segmentQuery } from './queries.ts'
import {
  findSegment,
  groupsAmong,
  insertSegment,
  markSegmentDeleted,
  parseDefinition,
  programCurrency,
  type SegmentRow,
  segmentsPage,
  toSegment,
  updateLiveSegment,
} from './saved-segment-queries.ts'

const SAMPLE_SIZE = 10

/**
 * The ids of the program's partners in a saved segment, evaluated now (sorted by partner id).
 * Throws a 404 ApiError when the segment is not the program's (or was deleted); with `field`, the
 * request's field that named it (kernel/http/references.ts).
 *
 * @example
 * const ids = await segmentPartnerIds(db, program.id, 'seg_…', now)
 */
export async function segmentPartnerIds(db: Db | Tx, programId: string, segmentId: string, now: Date, field?: string): Promise<string[]> {
  const seg = await loadSegment(db, programId, segmentId, field)
  return definitionPartnerIds(db, programId, parseDefinition(seg), now)
}

/** Whether one partner is in a saved segment now. Throws a 404 ApiError when the segment is not the program's. */
export async function partnerInSegment(db: Db | Tx, programId: string, segmentId: string, partnerId: string, now: Date): Promise<boolean> {
  const seg = await loadSegment(db, programId, segmentId)
  const q = await segmentQuery(db, await scopeOf(db, programId), parseDefinition(seg), now)
  return includesPartner(q, partnerId)
}

/** A saved segment's definition. Throws a 404 ApiError when the segment is not the program's (or was deleted). */
export async function savedDefinition(db: Db | Tx, programId: string, segmentId: string, field?: string): Promise<SegmentDefinition> {
  return parseDefinition(await loadSegment(db, programId, segmentId, field))
}

/** The ids of the program's partners matching a definition now (not saved), sorted by id. */
export async function definitionPartnerIds(db: Db | Tx, programId: string, definition: SegmentDefinition, now: Date): Promise<string[]> {
  return partnerIdsOf(await segmentQuery(db, await scopeOf(db, programId), definition, now))
}

/** What the audit log keeps of a segment: who it selects (newsletters, challenges and bulk actions take their audience from it). */
const audited = (row: SegmentRow) => ({ name: row.name, description: row.description, definition: parseDefinition(row) })

/** A name taken by another segment is a 409 on `name`. */
async function uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A segment named ${name} exists`, 'name')
    throw err
  }
}

export async function createSegment(db: Db, programId: string, input: CreateSegmentInput, audit: AuditContext): Promise<SegmentWithCount> {
  const now = audit.at
  const definition = normalizeDefinition(input.definition)
  await checkReferences(db, programId, definition)
  const at = now.toISOString()
  const row: SegmentRow = {
    id: newId('seg', now.getTime()),
    program_id: programId,
    name: input.name,
    description: input.description ?? null,
    definition: JSON.stringify(definition),
    created_at: at,
    updated_at: at,
    deleted_at: null,
  }
  await uniqueName(input.name, () =>
    transact(db, async (tx) => {
      await insertSegment(tx, row)
      await recordAudit(tx, programId, audit, { action: 'segment.created', subject: { type: 'segment', id: row.id }, before: null, after: audited(row) })
    }),
  )
  return withCount(db, row, now)
}

/** Newest first, each with its live count. */
export async function listSegments(db: Db, programId: string, page: { cursor?: string | undefined; limit: number }, now: Date): Promise<Page<SegmentWithCount>> {
  const rows = await segmentsPage(db, programId, page)
  return { data: await Promise.all(rows.data.map((r) => withCount(db, r, now))), nextCursor: rows.nextCursor }
}

export async function getSegment(db: Db, programId: string, segmentId: string, now: Date): Promise<SegmentWithCount> {
  return withCount(db, await loadSegment(db, programId, segmentId), now)
}

export async function updateSegment(db: Db, programId: string, segmentId: string, input: UpdateSegmentInput, audit: AuditContext): Promise<SegmentWithCount> {
  const now = audit.at
  const definition = input.definition && normalizeDefinition(input.definition)
  if (definition) await checkReferences(db, programId, definition)
  const set = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.description !== undefined && { description: input.description }),
    ...(definition && { definition: JSON.stringify(definition) }),
    updated_at: now.toISOString(),
  }
  const row = await uniqueName(input.name, () =>
    transact(db, async (tx) => {
      const before = await findSegment(tx, programId, segmentId)
      const after = before && (await updateLiveSegment(tx, programId, segmentId, set))
      if (!before || !after) throw notFound('Segment')
      await recordAudit(tx, programId, audit, { action: 'segment.changed', subject: { type: 'segment', id: segmentId }, before: audited(before), after: audited(after) })
      return after
    }),
  )
  return withCount(db, row, now)
}

/** Deleted segments are kept (records such as a sent newsletter may name them) but no longer listed or evaluated. */
export async function deleteSegment(db: Db, programId: string, segmentId: string, audit: AuditContext): Promise<Segment> {
  const at = audit.at.toISOString()
  return transact(db, async (tx) => {
    const row = await markSegmentDeleted(tx, programId, segmentId, at)
    if (!row) throw notFound('Segment')
    await recordAudit(tx, programId, audit, { action: 'segment.deleted', subject: { type: 'segment', id: segmentId }, before: audited(row), after: null })
    return toSegment(row)
  })
}

/** The segment's partners now, newest first, a cursor page at a time. */
export async function listSegmentPartners(db: Db, programId: string, segmentId: string, page: { cursor?: string | undefined; limit: number }, now: Date): Promise<Page<Partner>> {
  const seg = await loadSegment(db, programId, segmentId)
  const q = await segmentQuery(db, await scopeOf(db, programId), parseDefinition(seg), now)
  return partnersPageOf(q, page)
}

/** The live count and a sample for a definition being edited; nothing is saved. */
export async function previewSegment(db: Db, programId: string, definition: SegmentDefinition, now: Date): Promise<SegmentPreview> {
  const normalized = normalizeDefinition(definition)
  await checkReferences(db, programId, normalized)
  const q = await segmentQuery(db, await scopeOf(db, programId), normalized, now)
  const [count, sample] = await Promise.all([countPartners(q), newestPartners(q, SAMPLE_SIZE)])
  return { count, sample: sample.map(toPartner) }
}

// ---- helpers ---------------------------------------------------------------------------------------

/** `field`: the segment is named in the request's body or query, not its path. */
async function loadSegment(db: Db | Tx, programId: string, segmentId: string, field?: string): Promise<SegmentRow> {
  const row = await findSegment(db, programId, segmentId)
  if (!row) throw field ? unknownReference('segment', segmentId, field) : notFound('Segment')
  return row
}

async function scopeOf(db: Db | Tx, programId: string): Promise<SegmentScope> {
  const p = await programCurrency(db, programId)
  if (!p) throw notFound('Program')
  return { programId, currency: p.currency }
}

async function withCount(db: Db, row: SegmentRow, now: Date): Promise<SegmentWithCount> {
  const q = await segmentQuery(db, await scopeOf(db, row.program_id), parseDefinition(row), now)
  return { ...toSegment(row), count: await countPartners(q) }
}

/** A group named in a definition must be one of the program's: a typo would otherwise silently match nobody. */
async function checkReferences(db: Db, programId: string, def: SegmentDefinition): Promise<void> {
  const named = (list: SegmentDefinition['conditions'], at: string) =>
    list.flatMap((c, i) => (c.type === 'group' ? (c.in ?? []).map((id) => ({ id, field: `definition.${at}.${i}.in` })) : []))
  const groupIds = [...named(def.conditions, 'conditions'), ...named(def.any ?? [], 'any')]
  if (groupIds.length === 0) return
  const found = await groupsAmong(db, programId, groupIds.map((g) => g.id))
  const known = new Set(found.map((g) => g.id))
  const missing = groupIds.find((g) => !known.has(g.id))
  if (missing) throw unknownReference('group', missing.id, missing.field)
}

// Resources: assets (logos, banners, copy) and rules documents (terms, brand guidelines), program-wide
// or for one group. The program manages them; a partner sees the program's and its group's.
import type { CreateResourceInput, ListResourcesQuery, Page, PortalResource, PortalResourcesQuery, Resource, UpdateResourceInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { PROGRAM_SCOPE, progressKey } from './checklist.ts'
import { badRequest, conflict, notFound } from '../kernel/http/errors.ts'
import { newId } from '../kernel/ids.ts'
import {
  archiveResourceRow,
  findGroup,
  findLiveResource,
  findPartnerResource,
  insertResource,
  partnerResourcesPage,
  type ResourceRow,
  resourcesPage,
  toPortalResource,
  toResource,
  updateResourceRow,
} from './queries.ts'
import { allChecklists } from './checklist-queries.ts'
import { partnerProgressOf } from './progress-queries.ts'
import type { PortalSession } from '../portal/index.ts'
import { onboardingEvent } from './onboarding-events.ts'
import { unknownReference } from '../kernel/http/references.ts'

/** What the audit log keeps of a resource: what partners are shown and, for terms, asked to accept. */
const audited = (r: ResourceRow) => ({
  kind: r.kind,
  groupId: r.group_id,
  title: r.title,
  description: r.description,
  url: r.url,
  content: r.content,
  version: Number(r.version),
})

export async function createResource(db: Db, programId: string, input: CreateResourceInput, audit: AuditContext): Promise<Resource> {
  const now = audit.at
  if (input.groupId) {
    const group = await findGroup(db, programId, input.groupId)
    if (!group) throw unknownReference('group', input.groupId, 'groupId')
  }
  const at = now.toISOString()
  const row: ResourceRow = {
    id: newId('rsc', now.getTime()),
    program_id: programId,
    group_id: input.groupId ?? null,
    kind: input.kind,
    title: input.title,
    description: input.description ?? null,
    url: input.url ?? null,
    content: input.content ?? null,
    version: 1,
    version_at: at,
    created_at: at,
    updated_at: at,
    archived_at: null,
  }
  await db.transaction().execute(async (tx) => {
    await insertResource(tx, row)
    await recordAudit(tx, programId, audit, { action: 'resource.created', subject: { type: 'resource', id: row.id }, before: null, after: audited(row) })
  })
  return toResource(row)
}

export function listResources(db: Db, programId: string, q: ListResourcesQuery & { limit: number }): Promise<Page<Resource>> {
  return resourcesPage(db, programId, q)
}

export async function getResource(db: Db, programId: string, id: string): Promise<Resource> {
  const row = await findLiveResource(db, programId, id)
  if (!row) throw notFound(`Resource ${id}`)
  return toResource(row)
}

/** Edits a resource; `newVersion` publishes the edit as the next version (terms must then be accepted again). */
export async function updateResource(db: Db, programId: string, id: string, input: UpdateResourceInput, audit: AuditContext): Promise<Resource> {
  const now = audit.at
  return db.transaction().execute(async (tx) => {
    const row = await findLiveResource(tx, programId, id)
    if (!row) throw notFound(`Resource ${id}`)
    const at = now.toISOString()
    const next: ResourceRow = {
      ...row,
      ...(input.title !== undefined && { title: input.title }),
      ...(input.description !== undefined && { description: input.description }),
      ...(input.url !== undefined && { url: input.url }),
      ...(input.content !== undefined && { content: input.content }),
      ...(input.newVersion && { version: Number(row.version) + 1, version_at: at }),
      updated_at: at,
    }
    if (next.url === null && next.content === null) throw badRequest('A resource keeps a url, content, or both', 'url')
    const { id: _id, program_id: _p, ...set } = next
    await updateResourceRow(tx, programId, id, set)
    await recordAudit(tx, programId, audit, { action: 'resource.changed', subject: { type: 'resource', id }, before: audited(row), after: audited(next) })
    return toResource(next)
  })
}

/**
 * Archives a resource: partners no longer see it; acceptances of its terms stay on record. Refused while
 * a checklist step names it.
 */
export async function archiveResource(db: Db, programId: string, id: string, audit: AuditContext): Promise<Resource> {
  const now = audit.at
  return db.transaction().execute(async (tx) => {
    const row = await findLiveResource(tx, programId, id)
    if (!row) throw notFound(`Resource ${id}`)
    const checklists = await allChecklists(tx, programId)
    for (const c of checklists) {
      const step = (JSON.parse(c.steps) as { id: string; resourceId: string | null }[]).find((s) => s.resourceId === id)
      if (step) throw conflict(`Step ${step.id} of the ${c.scope === PROGRAM_SCOPE ? "program's" : `group ${c.scope}'s`} checklist names this resource: change the checklist first`)
    }
    const archived = { ...row, archived_at: now.toISOString(), updated_at: now.toISOString() }
    await archiveResourceRow(tx, programId, id, archived)
    await recordAudit(tx, programId, audit, { action: 'resource.archived', subject: { type: 'resource', id }, before: { ...audited(row), archivedAt: null }, after: { archivedAt: archived.archived_at } })
    return toResource(archived)
  })
}

/** The partner's group's resources and the program-wide ones, newest first, each with what this partner did with it. */
export async function listPortalResources(db: Db, session: PortalSession, q: PortalResourcesQuery & { limit: number }): Promise<Page<PortalResource>> {
  const { program, partner } = session
  const page = await partnerResourcesPage(db, program.id, partner.group_id, q)
  return { data: await withProgress(db, session, page.data), nextCursor: page.nextCursor }
}

/** One resource the partner sees; opening it is what completes a `read_resource` step. */
export async function openPortalResource(db: Db, session: PortalSession, id: string, now: Date): Promise<PortalResource> {
  const { program, partner } = session
  return db.transaction().execute(async (tx) => {
    const row = await findPartnerResource(tx, program.id, partner.group_id, id)
    if (!row) throw notFound(`Resource ${id}`)
    await onboardingEvent(tx, { programId: program.id, partnerId: partner.id, kind: 'read_resource', resourceId: id }, now)
    return (await withProgress(tx, session, [row]))[0]!
  })
}

async function withProgress(db: Db | Tx, session: PortalSession, rows: ResourceRow[]): Promise<PortalResource[]> {
  const keys = rows.flatMap((r) => [progressKey({ kind: 'read_resource', resourceId: r.id })!, progressKey({ kind: 'accept_terms', resourceId: r.id })!])
  const progress = keys.length ? await partnerProgressOf(db, session.program.id, session.partner.id, keys) : []
  const byKey = new Map(progress.map((p) => [p.step_key, p]))
  return rows.map((r) => {
    const accepted = byKey.get(progressKey({ kind: 'accept_terms', resourceId: r.id })!)
    return toPortalResource(r, {
      readAt: byKey.get(progressKey({ kind: 'read_resource', resourceId: r.id })!)?.completed_at ?? null,
      acceptedVersion: accepted?.version == null ? null : Number(accepted.version),
    })
  })
}

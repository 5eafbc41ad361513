// Resources: their SQL and the one place a resource row becomes its API shapes; and the partner groups
// that onboarding's checklists and resources may name.
import type { ListResourcesQuery, Page, PortalResource, PortalResourcesQuery, Resource } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { paginate } from '../kernel/db/page.ts'
import type { ResourceTable } from '../kernel/db/schema.ts'

export type ResourceRow = Selectable<ResourceTable>

export function toResource(r: ResourceRow): Resource {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    description: r.description,
    url: r.url,
    content: r.content,
    groupId: r.group_id,
    version: Number(r.version),
    versionAt: r.version_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export function toPortalResource(r: ResourceRow, progress: { readAt: string | null; acceptedVersion: number | null }): PortalResource {
  const { groupId: _g, createdAt: _c, updatedAt: _u, ...rest } = toResource(r)
  return { ...rest, ...progress }
}

/** The program's live (not archived) resources. */
function liveResources(db: Db | Tx, programId: string) {
  return db.selectFrom('resources').selectAll().where('program_id', '=', programId).where('archived_at', 'is', null)
}

/** What a partner sees: the program-wide resources and its group's. */
function partnerResources(db: Db | Tx, programId: string, groupId: string | null) {
  return liveResources(db, programId).where((eb) => (groupId ? eb.or([eb('group_id', 'is', null), eb('group_id', '=', groupId)]) : eb('group_id', 'is', null)))
}

export function findGroup(db: Db | Tx, programId: string, groupId: string) {
  return db.selectFrom('partner_groups').select('id').where('program_id', '=', programId).where('id', '=', groupId).executeTakeFirst()
}

export async function insertResource(db: Db | Tx, row: ResourceRow): Promise<void> {
  await db.insertInto('resources').values(row).execute()
}

/** The program's live resources, newest first, by kind and group when asked. */
export function resourcesPage(db: Db, programId: string, q: ListResourcesQuery & { limit: number }): Promise<Page<Resource>> {
  let query = liveResources(db, programId)
  if (q.kind) query = query.where('kind', '=', q.kind)
  if (q.groupId) query = query.where('group_id', '=', q.groupId)
  return paginate(query, 'id', q, toResource)
}

export function findLiveResource(db: Db | Tx, programId: string, id: string): Promise<ResourceRow | undefined> {
  return liveResources(db, programId).where('id', '=', id).executeTakeFirst()
}

/** The kind and group of each live resource among `ids`, for checking the steps that name them. */
export function liveResourceKinds(db: Db | Tx, programId: string, ids: string[]) {
  return liveResources(db, programId).select(['id', 'kind', 'group_id']).where('id', 'in', ids).execute()
}

export async function updateResourceRow(tx: Tx, programId: string, id: string, set: Omit<ResourceRow, 'id' | 'program_id'>): Promise<void> {
  await tx.updateTable('resources').set(set).where('program_id', '=', programId).where('id', '=', id).execute()
}

export async function archiveResourceRow(tx: Tx, programId: string, id: string, at: { archived_at: string; updated_at: string }): Promise<void> {
  await tx.updateTable('resources').set({ archived_at: at.archived_at, updated_at: at.updated_at }).where('id', '=', id).where('program_id', '=', programId).execute()
}

/** A page of the resources the partner sees (the program's and its group's), newest first, as rows. */
export function partnerResourcesPage(db: Db, programId: string, groupId: string | null, q: PortalResourcesQuery & { limit: number }): Promise<Page<ResourceRow>> {
  let query = partnerResources(db, programId, groupId)
  if (q.kind) query = query.where('kind', '=', q.kind)
  return paginate(query, 'id', q, (r) => r)
}

export function findPartnerResource(db: Db | Tx, programId: string, groupId: string | null, id: string): Promise<ResourceRow | undefined> {
  return partnerResources(db, programId, groupId).where('id', '=', id).executeTakeFirst()
}

/** The current version of a terms document the partner sees. */
export function findPartnerTerms(db: Db | Tx, programId: string, groupId: string | null, resourceId: string) {
  return partnerResources(db, programId, groupId).select(['version']).where('id', '=', resourceId).where('kind', '=', 'terms').executeTakeFirst()
}

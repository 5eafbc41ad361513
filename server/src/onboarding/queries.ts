import type { PortalResource, Resource } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
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
export function liveResources(db: Db | Tx, programId: string) {
  return db.selectFrom('resources').selectAll().where('program_id', '=', programId).where('archived_at', 'is', null)
}

/** What a partner sees: the program-wide resources and its group's. */
export function partnerResources(db: Db | Tx, programId: string, groupId: string | null) {
  return liveResources(db, programId).where((eb) => (groupId ? eb.or([eb('group_id', 'is', null), eb('group_id', '=', groupId)]) : eb('group_id', 'is', null)))
}

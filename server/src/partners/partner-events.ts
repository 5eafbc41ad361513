// A partner's webhook events, written in the transaction that makes the change (webhooks/events.ts):
// `partner.created` for each new partner, `partner.status_changed` for each partner whose status moved.
import type { Partner, PartnerStatus, PartnerStatusChange } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { emitEvents, type Subscribers, subscribers } from '../webhooks/index.ts'
import { partnersByIds, toPartner } from './queries.ts'

/**
 * New partners, however they came (the API or console, an import, an approved application, an embed
 * token): each its `partner.created` audit entry, with the same fields whichever the path, and its
 * `partner.created` event (one emit for them all); `data` is the Partner, without the links a new partner
 * is read with.
 */
export async function partnersCreated(tx: Tx, programId: string, partners: readonly Partner[], audit: AuditContext): Promise<void> {
  for (const p of partners) await auditPartnerCreated(tx, programId, p, audit)
  await emitPartnersCreated(tx, programId, partners, audit.at)
}

/** The audit half of partnersCreated, for a caller that writes its own entries between (an import's invitations). */
export async function auditPartnerCreated(tx: Tx, programId: string, p: Partner, audit: AuditContext): Promise<void> {
  const after = { email: p.email, name: p.name, externalId: p.externalId, status: p.status, country: p.country, website: p.website, groupId: p.groupId, referredById: p.referredById }
  await recordAudit(tx, programId, audit, { action: 'partner.created', subject: { type: 'partner', id: p.id }, before: null, after })
}

/** The event half of partnersCreated: one emit for them all. */
export async function emitPartnersCreated(tx: Tx, programId: string, partners: readonly Partner[], now: Date): Promise<void> {
  await emitEvents(tx, programId, 'partner.created', partners.map(withoutLinks), now)
}

export interface StatusMove {
  /** The partner after the change */
  partner: Partner
  previousStatus: PartnerStatus
}

/**
 * `partner.status_changed` for each partner whose status moved; a move to the status it had is none, and
 * costs nothing.
 *
 * @example
 * await emitStatusChanges(tx, programId, [{ partner: after, previousStatus: before.status }], now)
 */
export async function emitStatusChanges(tx: Tx | Db, programId: string, moves: readonly StatusMove[], now: Date, targets?: Subscribers): Promise<void> {
  const changes = moves.filter((m) => m.partner.status !== m.previousStatus).map(({ partner, previousStatus }): PartnerStatusChange => ({ previousStatus, ...partner }))
  await emitEvents(tx, programId, 'partner.status_changed', changes, now, targets)
}

// Partners read back and written as events at a time, in a bulk change.
const EVENTS_AT_ONCE = 500

/**
 * emitStatusChanges for partners changed in bulk, given by id and the status each had: read back only when
 * an endpoint subscribes, then a chunk at a time.
 */
export async function emitBulkStatusChanges(tx: Tx, programId: string, changed: ReadonlyArray<{ id: string; before: string | null }>, now: Date): Promise<void> {
  if (changed.length === 0) return
  const targets = await subscribers(tx, programId, 'partner.status_changed')
  if (targets.length === 0) return
  for (let i = 0; i < changed.length; i += EVENTS_AT_ONCE) {
    const chunk = changed.slice(i, i + EVENTS_AT_ONCE)
    const rows = new Map((await partnersByIds(tx, programId, chunk.map((c) => c.id))).map((r) => [r.id, r]))
    const moves = chunk.map((c) => ({ partner: toPartner(rows.get(c.id)!), previousStatus: c.before as PartnerStatus }))
    await emitStatusChanges(tx, programId, moves, now, targets)
  }
}

function withoutLinks(p: Partner & { links?: unknown }): Partner {
  const { links: _links, ...partner } = p
  return partner
}

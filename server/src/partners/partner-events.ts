// A partner's webhook events, written in the transaction that makes the change (webhooks/events.ts):
// `partner.created` for each new partner, `partner.status_changed` for each partner whose status moved.
import type { Partner, PartnerStatus, PartnerStatusChange } from '@afflio/sdk/types'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { emitEvents, type Subscribers, subscribers } from '../webhooks/index.ts'
import { partnersByIds, toPartner } from './queries.ts'

/** `partner.created`, one event per partner; `data` is the Partner, without the links a new partner is read with. */
export async function emitPartnersCreated(tx: Tx | Db, programId: string, partners: readonly Partner[], now: Date): Promise<void> {
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
  const changes = moves.filter((m) => m.partner.status !== m.previousStatus).map(({ partner, previousStatus }): PartnerStatusChange => ({ ...partner, previousStatus }))
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

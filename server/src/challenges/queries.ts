// Plain queries for challenges, and the one place a challenge row becomes its API shape.
import type { Challenge } from '@afflio/sdk/types'
import { type Selectable, sql } from 'kysely'
import type { Db, Tx } from '../kernel/db/connect.ts'
import type { ChallengeTable } from '../kernel/db/schema.ts'
import { challengeStatus } from './challenge-rules.ts'

export type ChallengeRow = Selectable<ChallengeTable>

export function toChallenge(r: ChallengeRow, now: Date): Challenge {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    metric: r.metric,
    target: Number(r.target),
    currency: r.currency,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    segmentId: r.segment_id,
    reward: { amountMinor: Number(r.reward_minor), currency: r.reward_currency },
    status: challengeStatus({ startsAt: r.starts_at, endsAt: r.ends_at, archivedAt: r.archived_at }, now),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    archivedAt: r.archived_at,
  }
}

export async function findChallenge(db: Db | Tx, programId: string, id: string): Promise<ChallengeRow | undefined> {
  return db.selectFrom('challenges').selectAll().where('program_id', '=', programId).where('id', '=', id).executeTakeFirst()
}

/**
 * Progress per partner in the challenge's window [starts_at, ends_at), from the ledger's facts: credited
 * sales not fully refunded (by occurred_at), their net amount in the challenge's currency, or clicks.
 * Partners with none are absent. `partnerId` narrows it to one partner (an indexed lookup).
 */
export async function progressByPartner(db: Db | Tx, c: ChallengeRow, partnerId?: string): Promise<Map<string, number>> {
  let rows: Array<{ partner_id: string | null; value: number | string | null }>
  if (c.metric === 'clicks') {
    let q = db
      .selectFrom('clicks')
      .select(['partner_id', sql<number>`count(*)`.as('value')])
      .where('program_id', '=', c.program_id)
      .where('created_at', '>=', c.starts_at)
      .where('created_at', '<', c.ends_at)
    // By partner, so the (partner_id, created_at) index answers: the click table gets no index for this.
    q = partnerId ? q.where('partner_id', '=', partnerId) : q.where('partner_id', 'in', db.selectFrom('partners').select('id').where('program_id', '=', c.program_id))
    rows = await q.groupBy('partner_id').execute()
  } else {
    const value = c.metric === 'revenue' ? sql<number>`sum(amount_minor - refunded_minor)` : sql<number>`count(*)`
    let q = db
      .selectFrom('sales')
      .select(['partner_id', value.as('value')])
      .where('program_id', '=', c.program_id)
      .where('occurred_at', '>=', c.starts_at)
      .where('occurred_at', '<', c.ends_at)
      .where(sql<boolean>`refunded_minor < amount_minor`)
    if (c.metric === 'revenue') q = q.where('currency', '=', c.currency ?? '')
    q = partnerId ? q.where('partner_id', '=', partnerId) : q.where('partner_id', 'is not', null)
    rows = await q.groupBy('partner_id').execute()
  }
  return new Map(rows.filter((r) => r.partner_id !== null).map((r) => [r.partner_id!, Number(r.value ?? 0)]))
}

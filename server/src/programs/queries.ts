import type { Program } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { Db } from '../kernel/db/connect.ts'
import type { ProgramTable } from '../kernel/db/schema.ts'

export type ProgramRow = Selectable<ProgramTable>

export function toProgram(r: ProgramRow): Program {
  return {
    id: r.id,
    name: r.name,
    currency: r.currency,
    attributionWindowDays: r.attribution_window_days,
    attributionModel: r.attribution_model,
    defaultCommission:
      r.default_commission_type === 'percent'
        ? { type: 'percent', rateBps: r.default_commission_value }
        : { type: 'flat', amountMinor: r.default_commission_value },
    createdAt: r.created_at,
  }
}

export function findProgram(db: Db, id: string) {
  return db.selectFrom('programs').selectAll().where('id', '=', id).executeTakeFirst()
}

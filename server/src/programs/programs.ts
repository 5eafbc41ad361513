import type { ApiKey, CreatedProgram, CreatedSecretKey, CreateProgramInput } from '@afflio/sdk/types'
import type { Db } from '../kernel/db/connect.ts'
import { notFound } from '../kernel/http/errors.ts'
import { sha256 } from '../kernel/hash.ts'
import { newId, randomToken } from '../kernel/ids.ts'
import { forgetKey } from './api-keys.ts'
import { insertKeys, insertProgram, revokeActiveKey, toApiKey, toProgram } from './queries.ts'

const DEFAULTS = { attributionWindowDays: 30, attributionModel: 'last_click', defaultCommission: { type: 'percent', rateBps: 2000 } } as const

function makeKey(programId: string, kind: 'publishable' | 'secret', now: string) {
  const key = `${kind === 'secret' ? 'sk' : 'pk'}_live_${randomToken(32)}`
  const row = { id: newId('key', Date.parse(now)), program_id: programId, kind, key_hash: sha256(key), prefix: key.slice(0, 12), created_at: now, revoked_at: null }
  return { key, row }
}

/** A program with its first publishable and secret key; the keys are returned once and stored hashed. */
export async function createProgram(db: Db, input: CreateProgramInput, now: Date): Promise<CreatedProgram> {
  const at = now.toISOString()
  const c = input.defaultCommission ?? DEFAULTS.defaultCommission
  const row = {
    id: newId('prg', now.getTime()),
    name: input.name,
    currency: input.currency,
    attribution_window_days: input.attributionWindowDays ?? DEFAULTS.attributionWindowDays,
    attribution_model: input.attributionModel ?? DEFAULTS.attributionModel,
    default_commission_type: c.type,
    default_commission_value: c.type === 'percent' ? c.rateBps : c.amountMinor,
    holding_days: 30,
    second_tier_rate_bps: 0,
    payout_minimums: '{}',
    payout_provider: 'manual' as const,
    stripe_webhook_secret: null,
    stripe_api_key: null,
    fraud_rules: '{}',
    created_at: at,
  }
  const pk = makeKey(row.id, 'publishable', at)
  const sk = makeKey(row.id, 'secret', at)
  await db.transaction().execute(async (tx) => {
    await insertProgram(tx, row)
    await insertKeys(tx, [pk.row, sk.row])
  })
  return { program: toProgram(row), publishableKey: pk.key, secretKey: sk.key }
}

export async function createSecretKey(db: Db, programId: string, now: Date): Promise<CreatedSecretKey> {
  const { key, row } = makeKey(programId, 'secret', now.toISOString())
  await insertKeys(db, [row])
  return { ...toApiKey(row), secretKey: key }
}

export async function revokeKey(db: Db, programId: string, keyId: string, now: Date): Promise<ApiKey> {
  const row = await revokeActiveKey(db, programId, keyId, now.toISOString())
  if (!row) throw notFound('Active key')
  forgetKey(db, row.key_hash)
  return toApiKey(row)
}

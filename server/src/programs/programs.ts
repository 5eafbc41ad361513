import type { AuditActor, CreatedProgram, CreatedSecretKey, CreateProgramInput } from '@afflio/sdk/types'
import { recordAudit, SYSTEM } from '../audit/index.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import type { Db } from '../kernel/db/connect.ts'
import { sha256 } from '../kernel/hash.ts'
import { newId, randomToken } from '../kernel/ids.ts'
import { DEFAULT_CLICK_RETENTION_DAYS } from '../stats/index.ts'
import { insertKeys, insertProgram, toApiKey, toProgram } from './queries.ts'

const DEFAULTS = { attributionWindowDays: 30, attributionModel: 'last_click', defaultCommission: { type: 'percent', rateBps: 2000 } } as const

function makeKey(programId: string, kind: 'publishable' | 'secret', now: string) {
  const key = `${kind === 'secret' ? 'sk' : 'pk'}_live_${randomToken(32)}`
  const row = { id: newId('key', Date.parse(now)), program_id: programId, kind, key_hash: sha256(key), prefix: key.slice(0, 12), created_at: now, revoked_at: null }
  return { key, row }
}

/** A program with its first publishable and secret key; the keys are returned once and stored hashed. */
export async function createProgram(db: Db, input: CreateProgramInput, now: Date, actor: AuditActor = SYSTEM): Promise<CreatedProgram> {
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
    payout_schedule: null,
    automatic_payout_runs: 1,
    payout_provider: 'manual' as const,
    stripe_webhook_secret: null,
    stripe_api_key: null,
    fraud_rules: '{}',
    coupon_policy: '{}',
    click_retention_days: DEFAULT_CLICK_RETENTION_DAYS,
    brand_color: null,
    referral_reward: null,
    site_url: input.siteUrl ?? null,
    created_at: at,
  }
  const program = toProgram(row)
  const pk = makeKey(row.id, 'publishable', at)
  const sk = makeKey(row.id, 'secret', at)
  await db.transaction().execute(async (tx) => {
    // A site URL is written only when given (the column's default is null): programs are made the same way
    // on a schema from before it, as the tests of older migrations do.
    const { site_url, ...rest } = row
    await insertProgram(tx, site_url === null ? rest : row)
    await insertKeys(tx, [pk.row, sk.row])
    const { id: _id, createdAt: _at, ...after } = program
    await recordAudit(tx, row.id, { actor, at: now }, { action: 'program.created', subject: { type: 'program', id: row.id }, before: null, after })
  })
  return { program, publishableKey: pk.key, secretKey: sk.key }
}

export async function createSecretKey(db: Db, programId: string, audit: AuditContext): Promise<CreatedSecretKey> {
  const { key, row } = makeKey(programId, 'secret', audit.at.toISOString())
  await db.transaction().execute(async (tx) => {
    await insertKeys(tx, [row])
    await recordAudit(tx, programId, audit, { action: 'key.created', subject: { type: 'key', id: row.id }, before: null, after: { kind: row.kind, prefix: row.prefix } })
  })
  return { ...toApiKey(row), secretKey: key }
}

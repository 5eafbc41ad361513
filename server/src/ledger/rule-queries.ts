import type { CommissionRule, CommissionRuleVersion, CommissionTier, PartnerGroup } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import { type Db, isPostgres, type Tx } from '../kernel/db/connect.ts'
import { prepare } from '../kernel/db/prepared.ts'
import type { CommissionRuleTable, CommissionRuleVersionTable } from '../kernel/db/schema.ts'
import type { Rule } from './rules.ts'
import { toGroup } from './conversions.ts'
import type { ProgramRow } from '../programs/index.ts'

export type RuleRow = Selectable<CommissionRuleTable>
export type RuleVersionRow = Selectable<CommissionRuleVersionTable>

/** A rule's settings, the same in its row and in each of its versions. */
function ruleSettings(r: RuleRow | RuleVersionRow) {
  return {
    name: r.name,
    groupId: r.group_id,
    partnerId: r.partner_id,
    productId: r.product_id,
    event: r.event,
    type: r.type,
    value: Number(r.value),
    currency: r.currency,
    recurring: r.recurring,
    recurringLimit: r.recurring_limit,
    tiers: r.tiers ? (JSON.parse(r.tiers) as CommissionTier[]) : [],
    tierMetric: r.tier_metric,
    tierPeriod: r.tier_period,
    version: Number(r.version),
  }
}

export function toRule(r: RuleRow): Rule {
  return { id: r.id, ...ruleSettings(r), versionCreatedAt: r.version_created_at, createdAt: r.created_at }
}

export function toCommissionRule(r: RuleRow): CommissionRule {
  return { id: r.id, ...ruleSettings(r), versionCreatedAt: r.version_created_at, createdAt: r.created_at }
}

/** A version as the API shows it; `supersededAt` is when the next one took effect. */
export function toRuleVersion(r: RuleVersionRow, supersededAt: string | null): CommissionRuleVersion {
  return { ruleId: r.rule_id, ...ruleSettings(r), createdAt: r.created_at, supersededAt }
}

/** The version row that records a rule row's settings as they now are. */
export function versionOf(r: RuleRow): RuleVersionRow {
  const { id, archived_at: _a, version_created_at, created_at: _c, ...settings } = r
  return { ...settings, rule_id: id, created_at: version_created_at }
}

/** The program's own default, as a rule: the fallback when no configured rule matches. Recurring for ever. */
export function defaultRule(p: ProgramRow): Rule {
  return {
    id: null,
    name: 'program default',
    groupId: null,
    partnerId: null,
    productId: null,
    event: 'sale',
    type: p.default_commission_type,
    value: Number(p.default_commission_value),
    currency: null,
    recurring: 'forever',
    recurringLimit: null,
    tiers: [],
    tierMetric: null,
    tierPeriod: null,
    version: null,
    versionCreatedAt: p.created_at,
    createdAt: p.created_at,
  }
}

// Prepared (kernel/db/prepared.ts): every credited sale and lead reads them.
const rulesInForce = prepare<{ program_id: string; event: 'sale' | 'lead' }, RuleRow>((db, arg) =>
  db.selectFrom('commission_rules').selectAll().where('program_id', '=', arg('program_id')).where('event', '=', arg('event')).where('archived_at', 'is', null),
)

// Kept briefly per process, as the program row is (programs/api-keys.ts): every credited sale and lead
// reads the rules, which change seldom. This process forgets a program's once a change commits
// (rule-admin.ts); another process reads them anew within RULES_TTL_MS.
const RULES_TTL_MS = 5_000
const inForce = new Map<string, { at: number; rules: readonly Rule[] }>()

export async function activeRules(db: Db | Tx, programId: string, event: 'sale' | 'lead'): Promise<Rule[]> {
  const key = `${programId} ${event}`
  const hit = inForce.get(key)
  if (hit && Date.now() - hit.at < RULES_TTL_MS) return [...hit.rules]
  const rules = (await rulesInForce.execute(db, { program_id: programId, event })).rows.map(toRule)
  if (inForce.size > 10_000) inForce.clear()
  inForce.set(key, { at: Date.now(), rules })
  return [...rules]
}

/** After a change to the program's rules commits: this process reads them anew. */
export function forgetRules(programId: string): void {
  inForce.delete(`${programId} sale`)
  inForce.delete(`${programId} lead`)
}

/** A new rule and its version 1. */
export async function insertRule(db: Db, row: RuleRow): Promise<void> {
  await db.insertInto('commission_rules').values(row).execute()
  await db.insertInto('commission_rule_versions').values(versionOf(row)).execute()
}

/** One of the program's rules in force, locked until commit (an edit reads it and then writes from it). */
export async function lockActiveRule(db: Db, programId: string, ruleId: string): Promise<RuleRow | undefined> {
  let q = db.selectFrom('commission_rules').selectAll().where('program_id', '=', programId).where('id', '=', ruleId).where('archived_at', 'is', null)
  if (isPostgres(db)) q = q.forUpdate()
  return q.executeTakeFirst()
}

/**
 * Puts a new version in force: its row in commission_rule_versions, then the rule row's settings. The
 * version's primary key (rule, version) makes a concurrent edit of the same version lose.
 */
export async function insertRuleVersion(db: Db, row: RuleRow): Promise<void> {
  await db.insertInto('commission_rule_versions').values(versionOf(row)).execute()
  const { id, program_id, created_at: _c, archived_at: _a, ...set } = row
  await db.updateTable('commission_rules').set(set).where('program_id', '=', program_id).where('id', '=', id).execute()
}

/** A rule's versions, newest first (archived rules too: their commissions still name them). */
export async function listRuleVersions(db: Db, programId: string, ruleId: string): Promise<CommissionRuleVersion[]> {
  const rows = await db.selectFrom('commission_rule_versions').selectAll().where('program_id', '=', programId).where('rule_id', '=', ruleId).orderBy('version', 'desc').execute()
  return rows.map((r, i) => toRuleVersion(r, i === 0 ? null : rows[i - 1]!.created_at))
}

/** Archives one of the program's rules in force. Returns the archived row, or undefined when there is none. */
export function archiveRuleRow(db: Db, programId: string, ruleId: string, at: string) {
  return db
    .updateTable('commission_rules')
    .set({ archived_at: at })
    .where('program_id', '=', programId)
    .where('id', '=', ruleId)
    .where('archived_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** The program's rules in force (not archived), oldest first. */
export async function listRules(db: Db, programId: string): Promise<CommissionRule[]> {
  const rows = await db.selectFrom('commission_rules').selectAll().where('program_id', '=', programId).where('archived_at', 'is', null).orderBy('id').execute()
  return rows.map(toCommissionRule)
}

/** The program's partner groups by name. */
export async function listGroups(db: Db, programId: string): Promise<PartnerGroup[]> {
  const rows = await db.selectFrom('partner_groups').selectAll().where('program_id', '=', programId).orderBy('name').execute()
  return rows.map(toGroup)
}

/** The currencies the program's flat rules in force name (a flat rule without one pays in the program's). */
export async function flatRuleCurrencies(db: Db | Tx, programId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('commission_rules')
    .select('currency')
    .distinct()
    .where('program_id', '=', programId)
    .where('archived_at', 'is', null)
    .where('currency', 'is not', null)
    .execute()
  return rows.map((r) => r.currency!)
}

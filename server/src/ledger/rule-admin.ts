// Program-side management of commission rules: create, edit (a new version each time), archive, history.
// A version never changes once written: commissions name the version that priced them.
import type { CommissionRule, CommissionRuleVersion, CreateRuleInput, UpdateRuleInput } from '@afflio/sdk/types'
import { recordAudit } from '../audit/index.ts'
import { programBudgetCurrencies, unbudgetedCurrencies } from '../budgets/index.ts'
import type { Db, Tx } from '../kernel/db/connect.ts'
import { isUniqueViolation } from '../kernel/db/errors.ts'
import type { AuditContext } from '../kernel/http/audit-context.ts'
import { conflict, notFound } from '../kernel/http/errors.ts'
import { parse } from '../kernel/http/validate.ts'
import { newId } from '../kernel/ids.ts'
import { ownsGroup, ownsPartner } from './ledger-admin.ts'
import { archiveRuleRow, forgetRules, insertRule, insertRuleVersion, listRuleVersions, lockActiveRule, type RuleRow, toCommissionRule } from './rule-queries.ts'
import { createRule as createRuleSchema } from './schemas.ts'

/** A rule's settings as columns, from the API's input (tiers sorted; a tier period only with a metric). */
export function ruleColumns(input: CreateRuleInput) {
  return {
    name: input.name,
    group_id: input.groupId ?? null,
    partner_id: input.partnerId ?? null,
    product_id: input.productId ?? null,
    event: input.event,
    type: input.type,
    value: input.value,
    currency: input.currency ?? null,
    recurring: input.recurring ?? 'forever',
    recurring_limit: input.recurringLimit ?? null,
    tiers: input.tiers?.length ? JSON.stringify([...input.tiers].sort((a, b) => a.from - b.from)) : null,
    tier_metric: input.tierMetric ?? null,
    tier_period: input.tierMetric ? (input.tierPeriod ?? 'lifetime') : null,
  }
}

/** An edit merged over the rule in force, checked as a whole (the create validator's checks): a PATCH, or a backtest's proposal. */
export function mergeRuleEdit(before: CommissionRule, input: UpdateRuleInput): CreateRuleInput {
  const { id: _id, version: _v, versionCreatedAt: _vc, createdAt: _c, ...settings } = before
  return parse(createRuleSchema, { ...settings, ...input })
}

/** The settings the audit log records for a rule (its id is the subject). */
function auditedSettings(r: CommissionRule) {
  const { id: _id, createdAt: _at, versionCreatedAt: _v, ...settings } = r
  return settings
}

async function checkScope(db: Db, programId: string, input: Pick<CreateRuleInput, 'partnerId' | 'groupId'>) {
  if (input.partnerId) await ownsPartner(db, programId, input.partnerId, 'partnerId')
  if (input.groupId) await ownsGroup(db, programId, input.groupId, 'groupId')
}

/**
 * A flat rule pays in its own currency, and a program budget caps one currency (budgets/budget-rules.ts
 * unbudgetedCurrencies): once the program has budgets, a flat rule in a currency none of them counts would
 * pay past every cap. Refused (409) until the program has a budget in that currency too.
 */
async function checkBudgetedCurrency(db: Db | Tx, programId: string, input: Pick<CreateRuleInput, 'currency'>) {
  if (!input.currency) return
  const [left] = unbudgetedCurrencies([input.currency], await programBudgetCurrencies(db, programId))
  if (left) throw conflict(`The program's budgets cap other currencies than ${left} and none counts ${left}: create a program budget in ${left} first, or pay this rule in a budgeted currency`, 'currency')
}

export async function createRule(db: Db, programId: string, input: CreateRuleInput, audit: AuditContext): Promise<CommissionRule> {
  const at = audit.at.toISOString()
  await checkScope(db, programId, input)
  await checkBudgetedCurrency(db, programId, input)
  const row: RuleRow = { id: newId('rul', audit.at.getTime()), program_id: programId, ...ruleColumns(input), version: 1, version_created_at: at, archived_at: null, created_at: at }
  const rule = toCommissionRule(row)
  await db.transaction().execute(async (tx) => {
    await insertRule(tx, row)
    await recordAudit(tx, programId, audit, { action: 'rule.created', subject: { type: 'rule', id: rule.id }, before: null, after: auditedSettings(rule) })
  })
  forgetRules(programId)
  return rule
}

/**
 * Edits a rule in force: the edit, merged over the version in force, must be a valid rule as a whole (the
 * create validator's checks), and becomes the next version, pricing sales from now on. An edit that changes
 * nothing (a retried PATCH) answers the rule as it is and writes nothing.
 */
export async function updateRule(db: Db, programId: string, ruleId: string, input: UpdateRuleInput, audit: AuditContext): Promise<CommissionRule> {
  try {
    const rule = await db.transaction().execute(async (tx) => {
      const current = await lockActiveRule(tx, programId, ruleId)
      if (!current) throw notFound('Active rule')
      const before = toCommissionRule(current)
      const merged = mergeRuleEdit(before, input)
      await checkScope(tx, programId, input)
      await checkBudgetedCurrency(tx, programId, merged)
      const next: RuleRow = { ...current, ...ruleColumns(merged), version: before.version + 1, version_created_at: audit.at.toISOString() }
      const after = toCommissionRule(next)
      const { version: _bv, ...was } = auditedSettings(before)
      const { version: _av, ...now } = auditedSettings(after)
      if (JSON.stringify(was) === JSON.stringify(now)) return before
      await insertRuleVersion(tx, next)
      await recordAudit(tx, programId, audit, { action: 'rule.changed', subject: { type: 'rule', id: ruleId }, before: auditedSettings(before), after: auditedSettings(after) })
      return after
    })
    forgetRules(programId)
    return rule
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('The rule was edited at the same time: load it again and retry')
    throw err
  }
}

/** Rules are archived, not deleted: commissions keep pointing at the rule that made them. */
export async function archiveRule(db: Db, programId: string, ruleId: string, audit: AuditContext): Promise<CommissionRule> {
  const rule = await db.transaction().execute(async (tx) => {
    const row = await archiveRuleRow(tx, programId, ruleId, audit.at.toISOString())
    if (!row) throw notFound('Active rule')
    await recordAudit(tx, programId, audit, { action: 'rule.archived', subject: { type: 'rule', id: row.id }, before: { name: row.name, archived: false }, after: { name: row.name, archived: true } })
    return toCommissionRule(row)
  })
  forgetRules(programId)
  return rule
}

/** Every version of one of the program's rules (archived included), newest first. */
export async function ruleVersions(db: Db, programId: string, ruleId: string): Promise<CommissionRuleVersion[]> {
  const versions = await listRuleVersions(db, programId, ruleId)
  if (versions.length === 0) throw notFound('Rule')
  return versions
}

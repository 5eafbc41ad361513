// The budgets feature's public face: other features import from here, never from its files.
export { budgetDecision } from './budget-gate.ts'
export { programBudgetCurrencies } from './budget-queries.ts'
export { unbudgetedCurrencies } from './budget-rules.ts'
export type { NewCommission } from './budget-gate.ts'
export type { CapDecision } from './budget-rules.ts'
export * as budgetsSchemas from './schemas.ts'

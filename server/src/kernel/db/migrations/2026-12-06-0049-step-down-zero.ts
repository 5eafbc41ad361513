// Frozen: a budget's step-down rate is at least 1 (budgets/schemas.ts). A step down to 0 dropped each
// commission past the cap: no row, no reason, no budget.reached. Budgets saved with 0 become what they
// meant, a hard stop: `hold`, which keeps each such commission on hold, with its reason, for the program to
// release or void. Data only; the down leaves them as holds (the schema is unchanged either way).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.updateTable('commission_budgets').set({ over_cap: 'hold', step_down_bps: null }).where('over_cap', '=', 'step_down').where('step_down_bps', '=', 0).execute()
}

export async function down(): Promise<void> {}

// Validators of the budget endpoints, each checked against the SDK's contract type.
import type { CreateBudgetInput, UpdateBudgetInput } from '@afflio/sdk/types'
import { z } from 'zod'
import { currency } from '../kernel/http/currency.ts'
import { minor, text } from '../kernel/http/schemas.ts'

const settings = {
  name: text(120),
  period: z.enum(['month', 'quarter', 'year', 'total']),
  amountMinor: minor.min(1),
  currency,
  overCap: z.enum(['hold', 'step_down']).optional(),
  // Not 0: a step down to nothing would drop each commission past the cap without a row or a reason;
  // `hold` is the hard stop, which keeps the commission for the program to release or void.
  stepDownBps: z.number().int().min(1, 'at least 1: to pay nothing past the cap, use overCap hold').max(9_999).nullable().optional(),
}

/** The settings taken together: a step down needs its rate, a hold has none. */
function checkOverCap(b: { overCap?: 'hold' | 'step_down' | undefined; stepDownBps?: number | null | undefined }, ctx: z.RefinementCtx) {
  if (b.overCap === 'step_down' && (b.stepDownBps === undefined || b.stepDownBps === null)) ctx.addIssue({ code: 'custom', path: ['stepDownBps'], message: 'required when overCap is step_down' })
  if (b.overCap !== 'step_down' && b.stepDownBps !== undefined && b.stepDownBps !== null) ctx.addIssue({ code: 'custom', path: ['stepDownBps'], message: 'only a step_down budget has a step-down rate' })
}

export const createBudget = z
  .strictObject({ ...settings, scope: z.enum(['program', 'group', 'challenge']), scopeId: z.string().min(1).max(64).nullable().optional() })
  .superRefine((b, ctx) => {
    if (b.scope === 'program' && b.scopeId) ctx.addIssue({ code: 'custom', path: ['scopeId'], message: 'a program budget has no scopeId' })
    if (b.scope !== 'program' && !b.scopeId) ctx.addIssue({ code: 'custom', path: ['scopeId'], message: `required: the ${b.scope} the budget caps` })
    checkOverCap(b, ctx)
  }) satisfies z.ZodType<CreateBudgetInput, any>

/** Field by field: the service merges the edit over the budget and checks the whole with `checkOverCap`. */
export const updateBudget = z.strictObject(settings).partial() satisfies z.ZodType<UpdateBudgetInput, any>

export const mergedBudget = z.object({ overCap: settings.overCap, stepDownBps: settings.stepDownBps }).superRefine(checkOverCap)

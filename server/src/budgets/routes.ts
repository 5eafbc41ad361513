// Budgets, the program's side (secret key or console token; mounted in app.ts's secretApi).
import { Hono } from 'hono'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { parseBody } from '../kernel/http/validate.ts'
import { budgetStatus, createBudget, deleteBudget, listBudgetStatuses, listBudgets, updateBudget } from './budgets.ts'
import * as s from './schemas.ts'

export const budgetRoutes = new Hono<AppEnv>()
  .post('/budgets', async (c) => c.json(await createBudget(c.var.deps.db, c.var.program, await parseBody(c, s.createBudget), auditContext(c)), 201))
  .get('/budgets', async (c) => c.json({ data: await listBudgets(c.var.deps.db, c.var.program.id), nextCursor: null }))
  // Before /budgets/:id: every budget with its spend and pace, for the console.
  .get('/budgets/status', async (c) => c.json({ data: await listBudgetStatuses(c.var.deps.db, c.var.program.id, c.var.deps.now()) }))
  .get('/budgets/:id/status', async (c) => c.json(await budgetStatus(c.var.deps.db, c.var.program.id, c.req.param('id'), c.var.deps.now())))
  .patch('/budgets/:id', async (c) => c.json(await updateBudget(c.var.deps.db, c.var.program, c.req.param('id'), await parseBody(c, s.updateBudget), auditContext(c))))
  .delete('/budgets/:id', async (c) => c.json(await deleteBudget(c.var.deps.db, c.var.program.id, c.req.param('id'), auditContext(c))))

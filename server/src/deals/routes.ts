// Deals and challenges, the program's side (secret key or console token; mounted in app.ts's secretApi).
// Routes parse, call one service, answer.
import { checkReferences } from '../kernel/http/references.ts'
import { Hono } from 'hono'
import * as d from './schemas.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { approveSubmission, archiveChallenge, createChallenge, getChallenge, getSubmission, listChallenges, listSubmissions, rejectSubmission, updateChallenge } from '../challenges/index.ts'
import { auditContext } from '../kernel/http/audit-context.ts'
import { approveDeal, getDeal, listDeals, markDealLost, markDealWon, rejectDeal } from './deals.ts'

export const dealRoutes = new Hono<AppEnv>()
  .get('/deals', async (c) => c.json(await listDeals(c.var.deps.db, c.var.program.id, await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, d.listDeals), { partnerId: 'partner' }))))
  .get('/deals/:id', async (c) => c.json(await getDeal(c.var.deps.db, c.var.program.id, c.req.param('id'))))
  .post('/deals/:id/approve', async (c) => c.json(await approveDeal(c.var.deps.db, c.var.program.id, c.req.param('id'), auditContext(c))))
  .post('/deals/:id/reject', async (c) => c.json(await rejectDeal(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, d.rejectDeal), auditContext(c))))
  .post('/deals/:id/won', async (c) => c.json(await markDealWon(c.var.deps.db, c.var.program, c.req.param('id'), await parseBody(c, d.markDealWon), auditContext(c))))
  .post('/deals/:id/lost', async (c) => c.json(await markDealLost(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, d.markDealLost), auditContext(c))))

  .post('/challenges', async (c) => c.json(await createChallenge(c.var.deps.db, c.var.program.id, await parseBody(c, d.createChallenge), auditContext(c)), 201))
  .get('/challenges', async (c) => c.json(await listChallenges(c.var.deps.db, c.var.program.id, parseQuery(c, d.listChallenges), c.var.deps.now())))
  // A read that may write: a partner who has met the target (a click challenge) is paid before the leaderboard is drawn.
  .get('/challenges/:id', async (c) => c.json(await getChallenge(c.var.deps.db, c.var.program, c.req.param('id'), parseQuery(c, d.getChallenge), c.var.deps.now())))
  .patch('/challenges/:id', async (c) =>
    c.json(await updateChallenge(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, d.updateChallenge), auditContext(c))),
  )
  .delete('/challenges/:id', async (c) => c.json(await archiveChallenge(c.var.deps.db, c.var.program.id, c.req.param('id'), auditContext(c))))

  // Bounties' review queue: approving pays the bonus once per submission, within the bounty's caps.
  .get('/bounty-submissions', async (c) => c.json(await listSubmissions(c.var.deps.db, c.var.program.id, await checkReferences(c.var.deps.db, c.var.program.id, parseQuery(c, d.listSubmissions), { challengeId: 'challenge', partnerId: 'partner' }))))
  .get('/bounty-submissions/:id', async (c) => c.json(await getSubmission(c.var.deps.db, c.var.program.id, c.req.param('id'))))
  .post('/bounty-submissions/:id/approve', async (c) => c.json(await approveSubmission(c.var.deps.db, c.var.program, c.req.param('id'), auditContext(c))))
  .post('/bounty-submissions/:id/reject', async (c) =>
    c.json(await rejectSubmission(c.var.deps.db, c.var.program.id, c.req.param('id'), await parseBody(c, d.rejectSubmission), auditContext(c))),
  )

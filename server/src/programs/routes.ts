// The program itself and its credentials: secret keys, console tokens, portal embed tokens (secret key;
// mounted in app.ts's secretApi()). Keys and console tokens take a real secret key, not a console token.
import { Hono } from 'hono'
import { mintConsoleToken, revokeConsoleTokens } from '../console/index.ts'
import { requireRealSecretKey } from './auth.ts'
import { auditContext } from '../kernel/http/audit-context.ts'
import type { AppEnv } from '../kernel/http/env.ts'
import * as s from './schemas.ts'
import { parseBody, parseQuery } from '../kernel/http/validate.ts'
import { createEmbedToken, revokeEmbedTokens } from '../portal/index.ts'
import { listKeys } from './api-keys.ts'
import { createSecretKey } from './programs.ts'
import { revokeKey } from './revoke-key.ts'
import { toProgram } from './queries.ts'

export const programRoutes = new Hono<AppEnv>()
  .get('/program', (c) => c.json(toProgram(c.var.program)))

  .use('/keys', requireRealSecretKey)
  .use('/keys/*', requireRealSecretKey)
  .use('/console-tokens', requireRealSecretKey)
  .use('/console-tokens/*', requireRealSecretKey)
  .get('/keys', async (c) => c.json(await listKeys(c.var.deps.db, c.var.program.id, parseQuery(c, s.listKeys))))
  .post('/keys', async (c) => c.json(await createSecretKey(c.var.deps.db, c.var.program.id, auditContext(c)), 201))
  .delete('/keys/:id', async (c) => c.json(await revokeKey(c.var.deps.db, c.var.program.id, c.req.param('id'), auditContext(c))))

  // A token records the secret key behind the request, and lives no longer than that key.
  .post('/console-tokens', async (c) => c.json(await mintConsoleToken(c.var.deps.db, c.var.program.id, await parseBody(c, s.createConsoleToken), auditContext(c), c.var.keyId!), 201))
  .post('/console-tokens/revoke', async (c) => c.json(await revokeConsoleTokens(c.var.deps.db, c.var.program.id, await parseBody(c, s.revokeConsoleTokens), auditContext(c))))
  // An embed token lives no longer than the credential that minted it: the key, and the console token if one did.
  .post('/embed-tokens', async (c) =>
    c.json(await createEmbedToken(c.var.deps.db, c.var.program, await parseBody(c, s.createEmbedToken), auditContext(c), { keyId: c.var.keyId, consoleToken: c.get('consoleToken') }), 201),
  )
  .post('/embed-tokens/revoke', async (c) => c.json(await revokeEmbedTokens(c.var.deps.db, c.var.program.id, await parseBody(c, s.revokeEmbedTokens), auditContext(c))))

// What a route hands a service that records its change in the audit log: the caller and the time.
import type { AuditActor } from '@afflio/sdk/types'
import type { Context } from 'hono'
import type { AppEnv } from './env.ts'

export interface AuditContext {
  actor: AuditActor
  at: Date
}

export const auditContext = (c: Context<AppEnv>): AuditContext => ({ actor: c.var.actor, at: c.var.deps.now() })

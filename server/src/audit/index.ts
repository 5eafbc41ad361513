// The audit feature's public face: other features import from here, never from its files.
export { recordAudit, SYSTEM } from './audit.ts'
export { auditTimesAfter } from './queries.ts'
export type { AuditChange } from './audit.ts'
export * as auditSchemas from './schemas.ts'

// The programs feature's public face: other features import from here, never from its files.
export { findProgramByKeyHash, forgetProgram, isRevokedKey } from './api-keys.ts'
export { createProgram, createSecretKey } from './programs.ts'
export { findPayoutTerms, findProgram } from './queries.ts'
export type { PayoutTerms, ProgramRow } from './queries.ts'
export { actorOf, authenticate, keyHolder, requireRealSecretKey, requireSecretKey } from './auth.ts'
export * as programsSchemas from './schemas.ts'

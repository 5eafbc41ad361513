// The tracking feature's public face: other features import from here, never from its files.
export { attribute, claimOutcomes, creditSale, occurredAtProblem, weighClicks } from './attribution.ts'
export type { CandidateClick, CodeClaim, SaleClaims, SaleCredit } from './attribution.ts'
export { customerClicks, type NamedClickRow } from './queries.ts'
export { recordClick } from './record-click.ts'
export { namedClick, recordLead, type TakenFrom, upsertCustomer } from './record-lead.ts'
export * as trackingSchemas from './schemas.ts'

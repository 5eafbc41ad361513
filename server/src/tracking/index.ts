// The tracking feature's public face: other features import from here, never from its files.
export { attribute, weighClicks } from './attribution.ts'
export type { CandidateClick } from './attribution.ts'
export { partnerClickCount, partnerLastClickAt } from './click-count-queries.ts'
export { customerClicks } from './queries.ts'
export { recordClick } from './record-click.ts'
export { recordLead, upsertCustomer } from './record-lead.ts'
export * as trackingSchemas from './schemas.ts'

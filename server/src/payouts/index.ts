// The payouts feature's public face: other features import from here, never from its files.
export { hasPayoutDestination, parseMinimums } from './payees.ts'
export { minimumOutlook, nextPayoutDay, partnerPayoutOutlook, partnerPayoutStanding, type PayoutOutlook } from './next-payout.ts'
export { createPayoutRun } from './run-payouts.ts'
export { startDueScheduledRuns } from './scheduled-runs.ts'
export * as payoutsSchemas from './schemas.ts'

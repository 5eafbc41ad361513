// The stats feature's public face: daily per-link rollups (written inside other features' transactions),
// the reads built on them, a link's stats, and the retention of raw clicks.
export { clickMayBePruned, DEFAULT_CLICK_RETENTION_DAYS, retentionProblem } from './retention-rules.ts'
export { countClick, countClicks, countRefund, countSale, linkOfClick, moveLead, uncountSale } from './rollups.ts'
export { linkTotals, partnerCountsByDay, partnerSalesByDay, programCounts, programSales } from './rollup-queries.ts'
export { getLinkStats } from './link-stats.ts'
export { dayOf } from './rollup-keys.ts'
export * as statsSchemas from './schemas.ts'
export { pruneClicks } from './retention.ts'
export { clickedSince, clicksByPartner, partnerClickCount, partnerFirstClickAt, partnerLastClickAt, partnersWithClicks } from './partner-click-queries.ts'

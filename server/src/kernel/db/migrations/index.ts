// Every migration, in order. Listed statically so the provider works the same under tsx, vitest and a bundle.
import type { Migration } from 'kysely'
import * as spine from './2026-11-25-0001-spine.ts'
import * as portal from './2026-11-25-0002-portal.ts'
import * as ledger from './2026-11-25-0003-ledger.ts'
import * as salePaymentId from './2026-11-25-0004-sale-payment-id.ts'
import * as consoleTokens from './2026-11-25-0006-console-tokens.ts'
import * as recruitment from './2026-11-25-0007-recruitment.ts'
import * as onboarding from './2026-11-25-0008-onboarding.ts'
import * as segments from './2026-11-25-0009-segments.ts'
import * as messaging from './2026-11-25-0010-messaging.ts'
import * as dealsChallenges from './2026-11-25-0011-deals-challenges.ts'
import * as ledgerIndexes from './2026-11-25-0012-ledger-indexes.ts'
import * as inPayout from './2026-12-04-0013-in-payout.ts'
import * as authFailures from './2026-12-05-0016-auth-failures.ts'
import * as internalEvents from './2026-12-05-0017-internal-events.ts'
import * as reasonData from './2026-12-05-0018-reason-data.ts'
import * as fraudRules from './2026-12-05-0019-fraud-rules.ts'
import * as auditLog from './2026-12-05-0020-audit-log.ts'
import * as salesByCustomer from './2026-12-05-0021-sales-by-customer.ts'
import * as payoutClaimIndex from './2026-12-05-0022-payout-claim-index.ts'
import * as linkRollups from './2026-12-05-0023-link-rollups.ts'
import * as approvalRanges from './2026-12-05-0024-approval-ranges.ts'
import * as notifications from './2026-12-05-0025-notifications.ts'
import * as ruleVersionsPayoutSchedule from './2026-12-05-0026-rule-versions-payout-schedule.ts'
import * as partnerNotes from './2026-12-05-0028-partner-notes.ts'
import * as commissionsBySale from './2026-12-05-0029-commissions-by-sale.ts'
import * as referralRewards from './2026-12-05-0032-referral-rewards.ts'
import * as profilesInvitations from './2026-12-05-0027-profiles-invitations.ts'
import * as couponCodes from './2026-12-05-0031-coupon-codes.ts'
import * as bounties from './2026-12-05-0035-bounties.ts'
import * as saleSplits from './2026-12-05-0036-sale-splits.ts'
import * as decisionsClaims from './2026-12-05-0033-decisions-claims.ts'
import * as scheduledPayouts from './2026-12-05-0030-scheduled-payouts.ts'
import * as commissionBudgets from './2026-12-05-0034-commission-budgets.ts'
import * as prunedClickSpans from './2026-12-05-0038-pruned-click-spans.ts'
import * as commissionChallenge from './2026-12-05-0041-commission-challenge.ts'
import * as saleWriteIndexes from './2026-12-05-0042-sale-write-indexes.ts'
import * as familyAndSalesList from './2026-12-05-0043-family-and-sales-list.ts'
import * as linkDayEarnings from './2026-12-06-0044-link-day-earnings.ts'
import * as customerLists from './2026-12-06-0045-customer-lists.ts'
import * as sqliteClickWindow from './2026-12-06-0046-sqlite-click-window.ts'
import * as commissionsPartnerDay from './2026-12-06-0047-commissions-partner-day.ts'
import * as netSaleCounts from './2026-12-06-0048-net-sale-counts.ts'
import * as stepDownZero from './2026-12-06-0049-step-down-zero.ts'
import * as fraudSales from './2026-12-06-0050-fraud-sales.ts'
import * as linkCodeKeys from './2026-12-06-0051-link-code-keys.ts'
import * as customerClaims from './2026-12-06-0053-customer-claims.ts'
import * as clicksPartnerTime from './2026-12-07-0055-clicks-partner-time.ts'
import * as keyedAddressHashes from './2026-12-07-0059-keyed-address-hashes.ts'
import * as unsubscribeTokenHashes from './2026-12-07-0060-unsubscribe-token-hashes.ts'
import * as partnerNameOrder from './2026-12-07-0062-partner-name-order.ts'
import * as refundsBySale from './2026-12-07-0064-refunds-by-sale.ts'
import * as embedTokenConsole from './2026-12-07-0067-embed-token-console.ts'
import * as clickTimesOnDays from './2026-12-07-0071-click-times-on-days.ts'
import * as commissionTotalsIndex from './2026-12-08-0072-commission-totals-index.ts'
import * as idempotencyLeases from './2026-12-07-0070-idempotency-leases.ts'
import * as programSiteUrl from './2026-12-07-0057-program-site-url.ts'
import * as searchKeys from './2026-12-07-0058-search-keys.ts'
import * as tokenKeys from './2026-12-07-0056-token-keys.ts'

export const migrations: Record<string, Migration> = {
  '2026-11-25-0001-spine': spine,
  '2026-11-25-0002-portal': portal,
  '2026-11-25-0003-ledger': ledger,
  '2026-11-25-0004-sale-payment-id': salePaymentId,
  '2026-11-25-0006-console-tokens': consoleTokens,
  '2026-11-25-0007-recruitment': recruitment,
  '2026-11-25-0008-onboarding': onboarding,
  '2026-11-25-0009-segments': segments,
  '2026-11-25-0010-messaging': messaging,
  '2026-11-25-0011-deals-challenges': dealsChallenges,
  '2026-11-25-0012-ledger-indexes': ledgerIndexes,
  '2026-12-04-0013-in-payout': inPayout,
  '2026-12-05-0016-auth-failures': authFailures,
  '2026-12-05-0017-internal-events': internalEvents,
  '2026-12-05-0018-reason-data': reasonData,
  '2026-12-05-0019-fraud-rules': fraudRules,
  '2026-12-05-0020-audit-log': auditLog,
  '2026-12-05-0021-sales-by-customer': salesByCustomer,
  '2026-12-05-0022-payout-claim-index': payoutClaimIndex,
  '2026-12-05-0023-link-rollups': linkRollups,
  '2026-12-05-0024-approval-ranges': approvalRanges,
  '2026-12-05-0025-notifications': notifications,
  '2026-12-05-0026-rule-versions-payout-schedule': ruleVersionsPayoutSchedule,
  '2026-12-05-0028-partner-notes': partnerNotes,
  '2026-12-05-0029-commissions-by-sale': commissionsBySale,
  '2026-12-05-0027-profiles-invitations': profilesInvitations,
  '2026-12-05-0031-coupon-codes': couponCodes,
  '2026-12-05-0032-referral-rewards': referralRewards,
  '2026-12-05-0035-bounties': bounties,
  '2026-12-05-0036-sale-splits': saleSplits,
  '2026-12-05-0033-decisions-claims': decisionsClaims,
  '2026-12-05-0030-scheduled-payouts': scheduledPayouts,
  '2026-12-05-0034-commission-budgets': commissionBudgets,
  '2026-12-05-0038-pruned-click-spans': prunedClickSpans,
  '2026-12-05-0041-commission-challenge': commissionChallenge,
  '2026-12-05-0042-sale-write-indexes': saleWriteIndexes,
  '2026-12-05-0043-family-and-sales-list': familyAndSalesList,
  '2026-12-06-0044-link-day-earnings': linkDayEarnings,
  '2026-12-06-0045-customer-lists': customerLists,
  '2026-12-06-0046-sqlite-click-window': sqliteClickWindow,
  '2026-12-06-0047-commissions-partner-day': commissionsPartnerDay,
  '2026-12-06-0048-net-sale-counts': netSaleCounts,
  '2026-12-06-0049-step-down-zero': stepDownZero,
  '2026-12-06-0050-fraud-sales': fraudSales,
  '2026-12-06-0051-link-code-keys': linkCodeKeys,
  '2026-12-06-0053-customer-claims': customerClaims,
  '2026-12-07-0055-clicks-partner-time': clicksPartnerTime,
  '2026-12-07-0056-token-keys': tokenKeys,
  '2026-12-07-0057-program-site-url': programSiteUrl,
  '2026-12-07-0058-search-keys': searchKeys,
  '2026-12-07-0059-keyed-address-hashes': keyedAddressHashes,
  '2026-12-07-0060-unsubscribe-token-hashes': unsubscribeTokenHashes,
  '2026-12-07-0062-partner-name-order': partnerNameOrder,
  '2026-12-07-0064-refunds-by-sale': refundsBySale,
  '2026-12-07-0067-embed-token-console': embedTokenConsole,
  '2026-12-07-0070-idempotency-leases': idempotencyLeases,
  '2026-12-07-0071-click-times-on-days': clickTimesOnDays,
  '2026-12-08-0072-commission-totals-index': commissionTotalsIndex,
}

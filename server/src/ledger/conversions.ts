import type { Commission, CommissionHoldReason, CommissionReason, Customer, FraudFlag, PartnerGroup, Sale } from '@afflio/sdk/types'
import type { Selectable } from 'kysely'
import type { CustomerTable, PartnerGroupTable, SaleTable } from '../kernel/db/schema.ts'
import { readReward } from '../rewards/index.ts'
import type { ReadCommission } from './commission-rows.ts'

export function toCustomer(r: Selectable<CustomerTable>): Customer {
  return { id: r.id, externalId: r.external_id, email: r.email, name: r.name, clickId: r.click_id, partnerId: r.partner_id, createdAt: r.created_at }
}

export function toGroup(g: Selectable<PartnerGroupTable>): PartnerGroup {
  return { id: g.id, name: g.name, referralReward: readReward(g.referral_reward), createdAt: g.created_at }
}

export function toSale(r: Selectable<SaleTable>): Sale {
  return {
    id: r.id,
    invoiceId: r.invoice_id,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    customerId: r.customer_id,
    partnerId: r.partner_id,
    clickId: r.click_id,
    productId: r.product_id,
    subscriptionId: r.subscription_id,
    paymentNumber: r.payment_number,
    paymentId: r.payment_id,
    couponCode: r.coupon_code,
    couponCodeId: r.coupon_code_id,
    refundedMinor: Number(r.refunded_minor),
    split: r.split_partner_id ? { partnerId: r.split_partner_id, amountMinor: Number(r.split_amount_minor), refundedMinor: Number(r.split_refunded_minor) } : null,
    fraudAt: r.fraud_at,
    occurredAt: r.occurred_at,
    createdAt: r.created_at,
  }
}

/** A commission as read (status as shown, and the payout covering it), or a new row (in no payout). */
export function toCommission(r: Omit<ReadCommission, 'payout_id'> & { payout_id?: string | null }): Commission {
  return {
    id: r.id,
    partnerId: r.partner_id,
    saleId: r.sale_id,
    reversesId: r.reverses_id,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    status: r.status,
    kind: r.kind,
    reason: r.reason,
    reasonData: r.reason_data === null ? null : (JSON.parse(r.reason_data) as CommissionReason),
    ruleId: r.rule_id,
    ruleVersion: r.rule_version === null ? null : Number(r.rule_version),
    tier: r.tier,
    sourceId: r.source_id,
    approveAt: r.approve_at,
    holdReason: r.hold_reason,
    holdReasonData: r.hold_reason_data === null ? null : (JSON.parse(r.hold_reason_data) as CommissionHoldReason),
    fraudFlags: r.fraud_data === null ? [] : (JSON.parse(r.fraud_data) as FraudFlag[]),
    payoutId: r.payout_id ?? null,
    createdAt: r.created_at,
  }
}

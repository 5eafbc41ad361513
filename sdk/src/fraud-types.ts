// The fraud rules' contract: a program's setting per rule, and why a commission was flagged or held.
import type { Id } from './types.ts'

/**
 * What a fraud rule does when it trips. `off`: nothing. `flag`: the commission is recorded as usual and
 * carries the flag (`Commission.fraudFlags`). `hold`: the commission goes `on_hold` with the rule as its
 * hold reason. For the click rules (`bot`, `clickBurst`), `hold` also means the click is not counted:
 * the click endpoint answers 204 without a click id, and nothing is stored.
 */
export type FraudRuleMode = 'off' | 'flag' | 'hold'

/** A program's fraud rules (`GET/PATCH /v1/program/settings`, `fraudRules`); docs/fraud.md has each rule. */
export interface FraudRules {
  /** The customer's email is the partner's own address, or at the partner's company domain. Default `hold` */
  selfReferral: FraudRuleMode
  /** The customer's email is the partner's payout email (PayPal, Wise). Default `hold` */
  payoutEmail: FraudRuleMode
  /** The customer's click came from an address the partner used the portal from. Default `flag` */
  partnerAddress: FraudRuleMode
  /** A click from a bot or crawler (by its user agent). Default `hold`: not counted */
  bot: FraudRuleMode
  /** More than `burstClicksPerMinute` clicks from one address across the program within a minute. Default `hold`: not counted */
  clickBurst: FraudRuleMode
  /** A conversion (sale or signup) sooner than `minSecondsToConvert` after its click. Default `flag` */
  fastConversion: FraudRuleMode
  /** The customer was known to the program before the partner's first click on it. Default `flag` */
  existingCustomer: FraudRuleMode
  /** clickBurst's threshold: clicks per address per minute, 1..10000. Default 20 */
  burstClicksPerMinute: number
  /** fastConversion's threshold in seconds, 1..86400. Default 10 */
  minSecondsToConvert: number
}

/**
 * Why a fraud rule tripped, as data (`Commission.fraudFlags`, and `holdReasonData` when it held the
 * commission). The click rules name the click they judged.
 * - `self_referral`: the customer's email is the partner's own address (`own_address`), or at its company domain.
 * - `payout_email`: the customer's email is the partner's payout email.
 * - `partner_address`: the click came from an address the partner used the portal from.
 * - `bot`: the click's user agent is a bot's or crawler's (the click was counted: the rule was on `flag` then).
 * - `click_burst`: the click came in a burst from its address (more than `clicksPerMinute`).
 * - `fast_conversion`: the conversion came `seconds` after its click, under `minSeconds`.
 * - `existing_customer`: the customer was created before the partner's first click on it.
 */
export type FraudFlag =
  | { kind: 'self_referral'; match: 'own_address' | 'company_domain'; customerEmail: string; domain: string | null }
  | { kind: 'payout_email'; customerEmail: string }
  | { kind: 'partner_address'; clickId: Id }
  | { kind: 'bot'; clickId: Id; userAgent: string }
  | { kind: 'click_burst'; clickId: Id; clicksPerMinute: number }
  | { kind: 'fast_conversion'; clickId: Id; seconds: number; minSeconds: number }
  | { kind: 'existing_customer'; clickId: Id; customerCreatedAt: string; firstClickAt: string }

export type FraudFlagKind = FraudFlag['kind']

// Commission rules, partner groups and program settings.
import type { Http, RequestOptions, WriteOptions } from './http.ts'
import type {
  BacktestInput,
  BacktestResult,
  ConsoleToken,
  CreateConsoleTokenInput,
  CommissionRule,
  RevokeConsoleTokensInput,
  RevokedTokens,
  CommissionRuleVersion,
  CreateRewardCouponInput,
  CreateRuleInput,
  ReferralReward,
  Id,
  Page,
  PartnerGroup,
  ProgramSettingsView,
  UpdateGroupInput,
  UpdateProgramSettingsInput,
  UpdateRuleInput,
} from './types.ts'

const seg = encodeURIComponent

export class RulesApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * A commission rule. The most specific matching rule pays: partner over group over program,
   * a product rule over an any-product one.
   * @example afflio.rules.create({ name: 'Pro plan', event: 'sale', type: 'percent', value: 3000, productId: 'pro' })
   */
  create(input: CreateRuleInput, options?: WriteOptions): Promise<CommissionRule> {
    return this.#http.post('/v1/rules', input, options)
  }

  list(options?: RequestOptions): Promise<Page<CommissionRule>> {
    return this.#http.get('/v1/rules', undefined, options)
  }

  /**
   * Edits a rule: a new version prices sales from now on; commissions keep the version that priced them.
   * @example afflio.rules.update('rul_…', { value: 2500 }) // { version: 2, … }
   */
  update(id: Id, input: UpdateRuleInput, options?: RequestOptions): Promise<CommissionRule> {
    return this.#http.patch(`/v1/rules/${seg(id)}`, input, options)
  }

  /** Every version of a rule, newest first. */
  versions(id: Id, options?: RequestOptions): Promise<Page<CommissionRuleVersion>> {
    return this.#http.get(`/v1/rules/${seg(id)}/versions`, undefined, options)
  }

  /**
   * Prices the last `days` days' credited sales under the rules in force and under proposed ones, writing
   * nothing: totals, per-partner deltas, winners and losers, tier moves.
   * @example afflio.rules.backtest({ days: 90, ruleId: 'rul_…', edit: { value: 2500 } })
   */
  backtest(input: BacktestInput, options?: RequestOptions): Promise<BacktestResult> {
    return this.#http.post('/v1/rules/backtest', input, options)
  }

  /** Archives a rule: it pays no new commissions; existing ones keep pointing at it. */
  archive(id: Id, options?: RequestOptions): Promise<CommissionRule> {
    return this.#http.delete(`/v1/rules/${seg(id)}`, options)
  }
}

export class GroupsApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  create(input: { name: string }, options?: WriteOptions): Promise<PartnerGroup> {
    return this.#http.post('/v1/groups', input, options)
  }

  list(options?: RequestOptions): Promise<Page<PartnerGroup>> {
    return this.#http.get('/v1/groups', undefined, options)
  }

  /**
   * Renames a group or sets the reward its partners' referred customers get (null: the program's).
   * @example afflio.groups.update('grp_…', { referralReward: { kind: 'percent', percentOffBps: 3000 } })
   */
  update(id: Id, input: UpdateGroupInput, options?: RequestOptions): Promise<PartnerGroup> {
    return this.#http.patch(`/v1/groups/${seg(id)}`, input, options)
  }
}

export class SettingsApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  get(options?: RequestOptions): Promise<ProgramSettingsView> {
    return this.#http.get('/v1/program/settings', undefined, options)
  }

  update(input: UpdateProgramSettingsInput, options?: RequestOptions): Promise<ProgramSettingsView> {
    return this.#http.patch('/v1/program/settings', input, options)
  }

  /**
   * Makes the Stripe coupon that grants the program's referral reward (or a group's own), with the
   * program's Stripe key, and keeps its id in the reward; answers the reward (docs/rewards.md).
   * @example const { stripeCouponId } = await afflio.settings.createRewardCoupon()
   */
  createRewardCoupon(input: CreateRewardCouponInput = {}, options?: WriteOptions): Promise<ReferralReward> {
    return this.#http.post('/v1/rewards/stripe-coupon', input, options)
  }
}

export class ConsoleTokensApi {
  readonly #http: Http
  constructor(http: Http) {
    this.#http = http
  }

  /**
   * A short-lived token for the embeddable program console, for a manager signed in to your app.
   * It acts as the program in the browser, except that it cannot manage keys or mint tokens.
   * @example const { token } = await afflio.consoleTokens.create({ manager: user.email })
   */
  create(input: CreateConsoleTokenInput, options?: WriteOptions): Promise<ConsoleToken> {
    return this.#http.post('/v1/console-tokens', input, options)
  }

  /**
   * Ends console tokens before they expire: one (`token`), or every live one of a manager (`manager`).
   * @example await afflio.consoleTokens.revoke({ manager: user.email }) // { revoked: 2 }
   */
  revoke(input: RevokeConsoleTokensInput, options?: WriteOptions): Promise<RevokedTokens> {
    return this.#http.post('/v1/console-tokens/revoke', input, options)
  }
}

// One test per rule, on facts alone: what trips it, what does not, and what each setting does.
import type { FraudRules } from '@afflio/sdk/types'
import { describe, expect, it } from 'vitest'
import { type ConversionFacts, DEFAULT_FRAUD_RULES, isVisitorAddress, judgeClick, judgeConversion, readFraudRules, storedFraudRules } from './fraud-rules.ts'

const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15'
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'
const rules = (over: Partial<FraudRules> = {}): FraudRules => ({ ...DEFAULT_FRAUD_RULES, ...over })
const click = (over: Partial<NonNullable<ConversionFacts['click']>> = {}) => ({ id: 'clk_1', createdAt: '2026-11-01T12:00:00.000Z', flags: [], partnerAddress: false, ...over })
const facts = (over: Partial<ConversionFacts> = {}): ConversionFacts => ({
  occurredAt: '2026-11-01T12:05:00.000Z',
  partnerEmail: 'ada@partner.test',
  payoutEmail: null,
  customerEmail: 'bob@customer.test',
  click: click(),
  customerCreatedAt: '2026-11-01T12:04:00.000Z',
  firstClickAt: '2026-11-01T12:00:00.000Z',
  ...over,
})

describe('settings', () => {
  it('reads the stored rules over the defaults, ignoring what is malformed', () => {
    expect(readFraudRules('{}')).toEqual(DEFAULT_FRAUD_RULES)
    expect(readFraudRules('not json')).toEqual(DEFAULT_FRAUD_RULES)
    expect(readFraudRules('{"bot":"flag","clickBurst":"maybe","burstClicksPerMinute":-3,"minSecondsToConvert":30}')).toEqual(rules({ bot: 'flag', minSecondsToConvert: 30 }))
  })

  it('stores only what differs from the defaults', () => {
    expect(storedFraudRules(rules({ bot: 'off' }))).toBe('{"bot":"off"}')
    expect(storedFraudRules(DEFAULT_FRAUD_RULES)).toBe('{}')
  })

  it('judges per address only a visitor’s address, not a proxy’s or an unknown one', () => {
    for (const ip of ['203.0.113.7', '8.8.8.8', '2001:db8::1', '::ffff:198.51.100.4']) expect(isVisitorAddress(ip), ip).toBe(true)
    for (const ip of ['unknown', '', '127.0.0.1', '::1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.0.1', '100.64.0.1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1'])
      expect(isVisitorAddress(ip), ip).toBe(false)
  })
})

describe('click rules', () => {
  it('bot: a crawler’s click is not counted on hold, counted and marked on flag, ignored when off', () => {
    expect(judgeClick({ userAgent: GOOGLEBOT, recentClicks: 0 }, rules())).toEqual({ count: false, flags: [{ kind: 'bot', userAgent: GOOGLEBOT }] })
    expect(judgeClick({ userAgent: GOOGLEBOT, recentClicks: 0 }, rules({ bot: 'flag' }))).toEqual({ count: true, flags: [{ kind: 'bot', userAgent: GOOGLEBOT }] })
    expect(judgeClick({ userAgent: GOOGLEBOT, recentClicks: 0 }, rules({ bot: 'off' }))).toEqual({ count: true, flags: [] })
    for (const ua of ['curl/8.5.0', 'python-requests/2.31', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36'])
      expect(judgeClick({ userAgent: ua, recentClicks: 0 }, rules()).count, ua).toBe(false)
    expect(judgeClick({ userAgent: BROWSER, recentClicks: 0 }, rules())).toEqual({ count: true, flags: [] })
    expect(judgeClick({ userAgent: '', recentClicks: 0 }, rules()).count).toBe(true) // no user agent: nothing to judge
  })

  it('click_burst: the click after burstClicksPerMinute from one address a minute, not before, not without an address', () => {
    const r = rules({ burstClicksPerMinute: 20 })
    expect(judgeClick({ userAgent: BROWSER, recentClicks: 19 }, r)).toEqual({ count: true, flags: [] })
    expect(judgeClick({ userAgent: BROWSER, recentClicks: 20 }, r)).toEqual({ count: false, flags: [{ kind: 'click_burst', clicksPerMinute: 20 }] })
    expect(judgeClick({ userAgent: BROWSER, recentClicks: 20 }, { ...r, clickBurst: 'flag' })).toEqual({ count: true, flags: [{ kind: 'click_burst', clicksPerMinute: 20 }] })
    expect(judgeClick({ userAgent: BROWSER, recentClicks: 500 }, { ...r, clickBurst: 'off' }).flags).toEqual([])
    expect(judgeClick({ userAgent: BROWSER, recentClicks: null }, r).count).toBe(true)
  })
})

describe('conversion rules', () => {
  it('an ordinary conversion trips nothing', () => {
    expect(judgeConversion(facts(), rules())).toEqual({ hold: null, flags: [] })
  })

  it('self_referral: the partner’s own address holds by default, flags or does nothing as set', () => {
    const own = { kind: 'self_referral', match: 'own_address', customerEmail: 'Ada+x@partner.test', domain: null } as const
    expect(judgeConversion(facts({ customerEmail: 'Ada+x@partner.test' }), rules())).toEqual({ hold: own, flags: [own] })
    expect(judgeConversion(facts({ customerEmail: 'Ada+x@partner.test' }), rules({ selfReferral: 'flag' }))).toEqual({ hold: null, flags: [own] })
    expect(judgeConversion(facts({ customerEmail: 'Ada+x@partner.test' }), rules({ selfReferral: 'off' }))).toEqual({ hold: null, flags: [] })
  })

  it('payout_email: the customer’s email is the partner’s PayPal or Wise address', () => {
    const f = facts({ payoutEmail: 'ada.payouts@gmail.com', customerEmail: 'AdaPayouts@gmail.com' })
    const flag = { kind: 'payout_email', customerEmail: 'AdaPayouts@gmail.com' }
    expect(judgeConversion(f, rules())).toEqual({ hold: flag, flags: [flag] })
    expect(judgeConversion(f, rules({ payoutEmail: 'flag' }))).toEqual({ hold: null, flags: [flag] })
    expect(judgeConversion(facts({ payoutEmail: 'ada.payouts@gmail.com' }), rules()).flags).toEqual([])
  })

  it('partner_address: the click came from an address the partner used', () => {
    const flag = { kind: 'partner_address', clickId: 'clk_1' }
    expect(judgeConversion(facts({ click: click({ partnerAddress: true }) }), rules())).toEqual({ hold: null, flags: [flag] })
    expect(judgeConversion(facts({ click: click({ partnerAddress: true }) }), rules({ partnerAddress: 'hold' }))).toEqual({ hold: flag, flags: [flag] })
  })

  it('bot and click_burst: a click counted while on flag marks its commission, as the setting then in force says', () => {
    const marked = click({ flags: [{ kind: 'bot', userAgent: GOOGLEBOT }, { kind: 'click_burst', clicksPerMinute: 20 }] })
    const bot = { kind: 'bot', clickId: 'clk_1', userAgent: GOOGLEBOT }
    const burst = { kind: 'click_burst', clickId: 'clk_1', clicksPerMinute: 20 }
    expect(judgeConversion(facts({ click: marked }), rules({ bot: 'flag', clickBurst: 'flag' }))).toEqual({ hold: null, flags: [bot, burst] })
    expect(judgeConversion(facts({ click: marked }), rules({ bot: 'flag' }))).toEqual({ hold: burst, flags: [bot, burst] })
    expect(judgeConversion(facts({ click: marked }), rules({ bot: 'off', clickBurst: 'off' }))).toEqual({ hold: null, flags: [] })
  })

  it('fast_conversion: under minSecondsToConvert after the click, not at it or after', () => {
    const at = (s: number) => new Date(Date.parse('2026-11-01T12:00:00.000Z') + s * 1000).toISOString()
    const flag = (seconds: number) => ({ kind: 'fast_conversion', clickId: 'clk_1', seconds, minSeconds: 10 })
    expect(judgeConversion(facts({ occurredAt: at(0) }), rules()).flags).toEqual([flag(0)])
    expect(judgeConversion(facts({ occurredAt: at(9.9) }), rules()).flags).toEqual([flag(9)])
    expect(judgeConversion(facts({ occurredAt: at(10) }), rules()).flags).toEqual([])
    expect(judgeConversion(facts({ occurredAt: at(3) }), rules({ fastConversion: 'hold' })).hold).toEqual(flag(3))
    expect(judgeConversion(facts({ occurredAt: at(25) }), rules({ minSecondsToConvert: 30 })).flags).toEqual([{ ...flag(25), minSeconds: 30 }])
  })

  it('existing_customer: the customer was created before the partner’s first click on it', () => {
    const known = { customerCreatedAt: '2026-10-20T08:00:00.000Z', firstClickAt: '2026-11-01T12:00:00.000Z' }
    expect(judgeConversion(facts(known), rules()).flags).toEqual([{ kind: 'existing_customer', clickId: 'clk_1', ...known }])
    expect(judgeConversion(facts({ ...known, customerCreatedAt: known.firstClickAt }), rules()).flags).toEqual([])
    expect(judgeConversion(facts({ customerCreatedAt: null }), rules()).flags).toEqual([])
  })

  it('without a click (a renewal, a won deal) only the email rules are judged', () => {
    const f = facts({ click: null, customerEmail: 'ada@partner.test', customerCreatedAt: '2020-01-01T00:00:00.000Z' })
    expect(judgeConversion(f, rules()).flags.map((x) => x.kind)).toEqual(['self_referral'])
  })

  it('holds for the first rule on hold, in the rules’ order, and lists every rule that tripped', () => {
    const f = facts({ customerEmail: 'ada@partner.test', occurredAt: '2026-11-01T12:00:02.000Z', click: click({ partnerAddress: true }) })
    const v = judgeConversion(f, rules({ selfReferral: 'flag', fastConversion: 'hold', partnerAddress: 'hold' }))
    expect(v.flags.map((x) => x.kind)).toEqual(['self_referral', 'partner_address', 'fast_conversion'])
    expect(v.hold?.kind).toBe('partner_address')
  })
})

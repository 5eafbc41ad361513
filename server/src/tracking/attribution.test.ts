import { describe, expect, it } from 'vitest'
import { attribute, CLOCK_SKEW_MS, claimOutcomes, claimStep, creditSale, inWindow, occurredAtProblem, type SaleClaims, weighClicks } from './attribution.ts'

const click = (id: string, partnerId: string, createdAt: string) => ({ id, partnerId, createdAt })
const settings = { windowDays: 30, model: 'last_click' as const }

describe('attribution', () => {
  it('credits the last click inside the window', () => {
    const clicks = [click('c1', 'A', '2026-01-01T00:00:00Z'), click('c2', 'B', '2026-01-10T00:00:00Z')]
    expect(attribute(clicks, '2026-01-20T00:00:00Z', settings)?.partnerId).toBe('B')
    expect(attribute(clicks, '2026-01-20T00:00:00Z', { ...settings, model: 'first_click' })?.partnerId).toBe('A')
  })

  it('ignores clicks outside the window and clicks after the sale', () => {
    const clicks = [click('c1', 'A', '2026-01-01T00:00:00Z'), click('c2', 'B', '2026-03-01T00:00:00Z')]
    expect(attribute(clicks, '2026-02-15T00:00:00Z', settings)).toBeNull()
    expect(attribute(clicks, '2026-01-31T00:00:00Z', settings)?.partnerId).toBe('A')
    expect(inWindow('2026-01-01T00:00:00Z', '2026-01-31T00:00:00.001Z', 30)).toBe(false)
  })

  it('does not depend on input order', () => {
    const a = [click('c2', 'B', '2026-01-10T00:00:00Z'), click('c1', 'A', '2026-01-01T00:00:00Z')]
    expect(attribute(a, '2026-01-20T00:00:00Z', settings)?.id).toBe('c2')
    expect(attribute([], '2026-01-20T00:00:00Z', settings)).toBeNull()
  })
})

describe('creditSale: a click and a code under the coupon policy', () => {
  const clicked = click('c1', 'A', '2026-01-01T00:00:00Z')
  const code = { partnerId: 'B', codeId: 'cpn_1', code: 'BOB10' }
  const policy = (conflict: 'click' | 'code' | 'split', splitClickBps = 5000) => ({ conflict, splitClickBps })
  const partners = (c: SaleClaims) => c.credits.map((x) => x.partnerId)

  it('credits the click alone, the code alone, or nobody', () => {
    expect(creditSale(clicked, null, policy('code'))).toEqual({ credits: [{ partnerId: 'A', via: 'click', clickId: 'c1', shareBps: 10_000 }], click: 'credited', code: null, conflict: null })
    expect(creditSale(null, code, policy('click'))).toEqual({ credits: [{ partnerId: 'B', via: 'code', clickId: null, shareBps: 10_000 }], click: null, code: 'credited', conflict: null })
    expect(creditSale(null, null, policy('split'))).toEqual({ credits: [], click: null, code: null, conflict: null })
  })

  it('decides a click of one partner and a code of another by the policy, and says how each fared', () => {
    expect(creditSale(clicked, code, policy('click'))).toMatchObject({ click: 'credited', code: 'lost_to_click', conflict: { policy: 'click', clickShareBps: 10_000 } })
    expect(partners(creditSale(clicked, code, policy('click')))).toEqual(['A'])
    expect(creditSale(clicked, code, policy('code'))).toMatchObject({ click: 'lost_to_code', code: 'credited', conflict: { policy: 'code', clickShareBps: 0 } })
    expect(partners(creditSale(clicked, code, policy('code')))).toEqual(['B'])
    expect(creditSale(clicked, code, policy('split', 7000))).toEqual({
      credits: [
        { partnerId: 'A', via: 'click', clickId: 'c1', shareBps: 7000 },
        { partnerId: 'B', via: 'code', clickId: null, shareBps: 3000 },
      ],
      click: 'shared',
      code: 'shared',
      conflict: { policy: 'split', clickShareBps: 7000 },
    })
  })

  it('one partner’s own click and code, or a split leaving one side nothing, is a single credit', () => {
    expect(creditSale(clicked, { partnerId: 'A', codeId: 'cpn_2', code: 'ANN10' }, policy('split'))).toEqual({
      credits: [{ partnerId: 'A', via: 'click', clickId: 'c1', shareBps: 10_000 }],
      click: 'credited',
      code: 'same_partner',
      conflict: null,
    })
    expect(creditSale(clicked, code, policy('split', 10_000))).toMatchObject({ credits: [{ partnerId: 'A' }], click: 'credited', code: 'lost_to_click', conflict: { policy: 'split', clickShareBps: 10_000 } })
    expect(creditSale(clicked, code, policy('split', 0))).toMatchObject({ credits: [{ partnerId: 'B' }], click: 'lost_to_code', code: 'credited' })
  })
})

describe('claimOutcomes: the record of what creditSale decided', () => {
  const weighed = weighClicks([click('c1', 'A', '2026-01-01T00:00:00Z'), click('c2', 'A', '2026-01-10T00:00:00Z')], '2026-01-20T00:00:00Z', settings).weighed
  const code = { partnerId: 'B', codeId: 'cpn_1', code: 'BOB10' }

  it('the credited click fares as creditSale said; the code is listed with its outcome', () => {
    const lost = claimOutcomes(weighed, 'c2', code, { click: 'lost_to_code', code: 'credited' })
    expect(lost.clicks.map((c) => [c.id, c.outcome])).toEqual([
      ['c1', 'not_chosen'],
      ['c2', 'lost_to_code'],
    ])
    expect(lost.codes).toEqual([{ code: 'BOB10', codeId: 'cpn_1', partnerId: 'B', outcome: 'credited' }])
    expect(claimOutcomes(weighed, 'c2', code, { click: 'shared', code: 'shared' }).clicks[1]!.outcome).toBe('shared')
    expect(claimOutcomes(weighed, 'c2', null, { click: 'credited', code: null })).toMatchObject({ clicks: [{ outcome: 'not_chosen' }, { outcome: 'credited' }], codes: [] })
  })

  it('a click the model chose but the sale did not go by (a renewal’s first click, the program’s choice) is not chosen', () => {
    expect(claimOutcomes(weighed, 'c_first', null, { click: 'credited', code: null }).clicks.map((c) => c.outcome)).toEqual(['not_chosen', 'not_chosen'])
    expect(claimOutcomes(weighed, null, null, { click: null, code: null }).clicks.map((c) => c.outcome)).toEqual(['not_chosen', 'not_chosen'])
  })
})

describe('claimStep: who may say which customer a lead or a sale is', () => {
  it('lets a browser create a customer only with a click, and change none already recorded', () => {
    expect(claimStep(null, 'browser', true)).toBe('create')
    expect(claimStep(null, 'browser', false)).toBe('ignore')
    expect(claimStep('browser', 'browser', true)).toBe('ignore')
    expect(claimStep('server', 'browser', true)).toBe('ignore')
  })
  it('lets the server create a customer, click or not, and update one it named before', () => {
    expect(claimStep(null, 'server', false)).toBe('create')
    expect(claimStep(null, 'server', true)).toBe('create')
    expect(claimStep('server', 'server', false)).toBe('update')
    expect(claimStep('server', 'server', true)).toBe('update')
  })
  it('lets the server’s own click take over a customer only browsers named', () => {
    expect(claimStep('browser', 'server', true)).toBe('take_over')
  })
  it('keeps the browser’s click when the server names such a customer by its id alone (the script’s signup, the backend’s sale)', () => {
    expect(claimStep('browser', 'server', false)).toBe('adopt')
  })
})

describe('when a sale may say it happened', () => {
  const now = new Date('2026-11-01T12:00:00.000Z')
  it('takes up to the clock skew ahead of now, and any time back to 2000', () => {
    expect(CLOCK_SKEW_MS).toBe(300_000)
    for (const at of ['2026-11-01T12:05:00.000Z', '2026-11-01T12:00:00Z', '2000-01-01T00:00:00.000Z', '2026-11-01T13:04:59+01:00']) expect(occurredAtProblem(at, now), at).toBeNull()
  })
  it('refuses a time further ahead, or before 2000; a caller may allow more ahead (a claim: a day)', () => {
    expect(occurredAtProblem('2026-11-01T12:05:00.001Z', now)).toBe("must not be in the future (the server's time is 2026-11-01T12:00:00.000Z)")
    expect(occurredAtProblem('1999-12-31T23:59:59.999Z', now)).toBe('must not be before 2000-01-01')
    expect(occurredAtProblem('1970-01-21T18:12:14.400Z', now)).toBe('must not be before 2000-01-01')
    expect(occurredAtProblem('2026-11-02T11:00:00Z', now, 86_400_000)).toBeNull()
    expect(occurredAtProblem('2026-11-02T12:00:01Z', now, 86_400_000)).toMatch(/^must not be in the future/)
  })
})

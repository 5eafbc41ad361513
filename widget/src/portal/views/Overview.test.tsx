import { afterEach, describe, expect, test } from 'vitest'
import { apiError, byText, defaultRoutes, overview, payouts, render, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const stat = (name: string) => view!.$(`[data-stat="${name}"]`)?.textContent

describe('Overview', () => {
  test('loading, then earnings, counts and conversion from the API, formatted in the locale', async () => {
    let answer!: (v: unknown) => void
    view = render(defaultRoutes({ 'GET /v1/portal/overview': () => new Promise((r) => (answer = r)) }))
    await until(() => expect(view!.$('[role=status]')?.textContent).toBe('Loading…'))
    answer(overview())
    await until(() => expect(stat('pendingMinor-USD')).toBe('$123.45'))
    expect(stat('approvedMinor-USD')).toBe('$60.00')
    expect(stat('paidMinor-USD')).toBe('$1,000.00')
    expect(stat('clicks')).toBe('1,234')
    expect(stat('leads')).toBe('56')
    expect(stat('sales')).toBe('7')
    expect(stat('conversion')).toBe('0.6%')
    // The header shows the program and the partner.
    await until(() => expect(view!.$('h2')?.textContent).toBe('Acme Analytics'))
    expect(view.text()).toContain('Ada')
  })

  test('says its cards count what was earned in the period, and shows the balances of all time beside them', async () => {
    // Right after a payout of older commissions: nothing earned in the period is paid, the balance is.
    const nothing = { currency: 'USD', pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 0 }
    const balance = { ...nothing, paidMinor: 33_875, minimumMinor: 5_000, nextPayout: null }
    view = render(defaultRoutes({ 'GET /v1/portal/overview': overview({ earnings: [nothing] }), 'GET /v1/portal/payouts': payouts({ balances: [balance] }) }))
    await until(() => expect(view!.$('[data-figures=balances]')).not.toBeNull())
    const figures = (which: string) => view!.$(`[data-figures=${which}]`)!
    expect(view.$$('h3').map((h) => h.textContent)).toEqual(expect.arrayContaining(['Earned in the last 30 days, by status now', 'Balances, all time']))
    expect(figures('earned').querySelector('[data-stat="paidMinor-USD"]')!.textContent).toBe('$0.00')
    expect(figures('balances').querySelector('[data-stat="paidMinor-USD"]')!.textContent).toBe('$338.75')
  })

  test('a chart with one bar per bucket; the series can be switched', async () => {
    view = render(defaultRoutes())
    await until(() => expect(view!.$$('svg rect')).toHaveLength(3))
    expect(view.$$('svg rect title').map((t) => t.textContent)).toEqual(['Oct 30: $0.00', 'Oct 31: $20.00', 'Nov 1: $40.00'])
    // Its text alternative, for a screen reader (a drawing's bars and their tooltips are not read out): a
    // table of the same figures under the chart's name; the drawing itself is hidden from it
    const alt = () => [...view!.$$('.chart table tr')].map((tr) => [...tr.children].map((c) => `${c.tagName}:${c.textContent}`).join(' '))
    expect(view.$('.chart table caption')!.textContent).toBe('Earnings per day, Oct 3 to Nov 1')
    expect(alt()).toEqual(['TH:Oct 30 TD:$0.00', 'TH:Oct 31 TD:$20.00', 'TH:Nov 1 TD:$40.00'])
    expect(view.$('.chart svg')!.getAttribute('aria-hidden')).toBe('true')
    byText(view.root, 'button', 'Clicks').click()
    await until(() => expect(view!.$$('svg rect title').map((t) => t.textContent)).toEqual(['Oct 30: 10', 'Oct 31: 20', 'Nov 1: 5']))
    expect(alt()).toEqual(['TH:Oct 30 TD:10', 'TH:Oct 31 TD:20', 'TH:Nov 1 TD:5'])
    expect(byText(view.root, 'button', 'Clicks').getAttribute('aria-pressed')).toBe('true')
  })

  test('the period selector asks for 7 or 90 days ending on the server’s today', async () => {
    view = render(defaultRoutes({ 'GET /v1/portal/overview': ({ url }) => overview({ to: '2026-11-01', interval: (url.searchParams.get('interval') as 'day') ?? 'day' }) }))
    await until(() => expect(stat('clicks')).toBe('1,234'))
    expect(view.calls.find((c) => c.path === '/v1/portal/overview')!.query).toBe('?interval=day')
    const select = view.$<HTMLSelectElement>('select')!
    expect([...select.options].map((o) => o.text)).toEqual(['Last 7 days', 'Last 30 days', 'Last 90 days'])
    select.value = '7'
    select.dispatchEvent(new Event('change'))
    await until(() => expect(view!.calls.filter((c) => c.path === '/v1/portal/overview')).toHaveLength(2))
    expect(view.calls.at(-1)!.query).toBe('?interval=day&from=2026-10-26&to=2026-11-01')
    select.value = '90'
    select.dispatchEvent(new Event('change'))
    await until(() => expect(view!.calls.at(-1)!.query).toBe('?interval=week&from=2026-08-04&to=2026-11-01'))
  })

  test('empty: zeros, and a message instead of the chart', async () => {
    const empty = overview({
      earnings: [{ currency: 'USD', pendingMinor: 0, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 0 }],
      clicks: 0,
      leads: 0,
      sales: 0,
      conversionRate: 0,
      series: overview().series.map((p) => ({ ...p, clicks: 0, leads: 0, sales: 0, earningsMinor: 0 })),
    })
    view = render(defaultRoutes({ 'GET /v1/portal/overview': empty }))
    await until(() => expect(view!.text()).toContain('No activity in this period yet.'))
    expect(stat('paidMinor-USD')).toBe('$0.00')
    expect(stat('conversion')).toBe('0%')
    expect(view.$('svg')).toBeNull()
  })

  test('error: a message and a retry that loads again', async () => {
    let fail = true
    view = render(defaultRoutes({ 'GET /v1/portal/overview': () => (fail ? apiError(400, 'invalid_request') : overview()) }))
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('Something went wrong'))
    fail = false
    byText(view.root, 'button', 'Try again').click()
    await until(() => expect(stat('clicks')).toBe('1,234'))
    expect(view.$('[role=alert]')).toBeNull()
  })

  test('the tier and the way to the next one; nothing when there is no tier', async () => {
    view = render(defaultRoutes())
    await until(() => expect(stat('clicks')).toBe('1,234'))
    expect(view.text()).not.toContain('Tier')
    expect(view.$('[role=progressbar]')).toBeNull()
    view.cleanup()
    view = render(
      defaultRoutes({
        'GET /v1/portal/overview': overview({
          tier: { name: 'Silver', rateBps: 2500, metric: 'sales', period: 'month', progress: { current: 7, nextThreshold: 10, nextName: 'Gold' } },
        }),
      }),
    )
    await until(() => expect(view!.text()).toContain('Tier: Silver'))
    expect(view.text()).toContain('Your rate: 25%')
    expect(view.text()).toContain('7 of 10 sales this month to reach Gold')
    expect(view.$('[role=progressbar]')!.getAttribute('aria-valuenow')).toBe('7')
    view.cleanup()
    // Below the first tier, counted in revenue, on a flat rule.
    view = render(
      defaultRoutes({
        'GET /v1/portal/overview': overview({
          tier: { name: null, amountMinor: 500, metric: 'revenue', period: 'lifetime', progress: { current: 120_000, nextThreshold: 500_000, nextName: 'Bronze' } },
        }),
      }),
    )
    await until(() => expect(view!.text()).toContain('Tier: none yet'))
    expect(view.text()).toContain('Your rate: $5.00 per sale')
    expect(view.text()).toContain('$1,200.00 of $5,000.00 in revenue in total to reach Bronze')
    view.cleanup()
    // A flat rule in its own currency: the amount in that currency, revenue in the program's.
    view = render(
      defaultRoutes({
        'GET /v1/portal/overview': overview({
          tier: { name: null, amountMinor: 700, currency: 'JPY', metric: 'revenue', period: 'lifetime', progress: { current: 120_000, nextThreshold: 500_000, nextName: 'Bronze' } },
        }),
      }),
    )
    await until(() => expect(view!.text()).toContain('Your rate: ¥700 per sale'))
    expect(view.text()).toContain('$1,200.00 of $5,000.00')
    view.cleanup()
    // At the top.
    view = render(
      defaultRoutes({
        'GET /v1/portal/overview': overview({
          tier: { name: 'Gold', rateBps: 3000, metric: 'paid_customers', period: 'year', progress: { current: 80, nextThreshold: null, nextName: null } },
        }),
      }),
    )
    await until(() => expect(view!.text()).toContain('You are at the top tier.'))
    expect(view.$('[role=progressbar]')).toBeNull()
    view.cleanup()
    // A rate in hundredths of a percent, as the commission's reason says it: never rounded to tenths
    view = render(
      defaultRoutes({
        'GET /v1/portal/overview': overview({
          tier: { name: 'Bronze', rateBps: 1225, metric: 'sales', period: 'month', progress: { current: 3, nextThreshold: 10, nextName: 'Silver' } },
        }),
      }),
    )
    await until(() => expect(view!.text()).toContain('Tier: Bronze'))
    expect(view.text()).toContain('Your rate: 12.25%')
  })

  test('another locale and a zero-decimal currency', async () => {
    const yen = overview({
      currency: 'JPY',
      earnings: [
        { currency: 'JPY', pendingMinor: 1500, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 250_000 },
        { currency: 'EUR', pendingMinor: 1999, onHoldMinor: 0, approvedMinor: 0, inPayoutMinor: 0, paidMinor: 0 },
      ],
    })
    view = render(defaultRoutes({ 'GET /v1/portal/overview': yen }), { locale: 'de-DE' })
    await until(() => expect(stat('pendingMinor-JPY')).toBe('1.500\u00a0¥'))
    expect(stat('paidMinor-JPY')).toBe('250.000\u00a0¥')
    expect(stat('pendingMinor-EUR')).toBe('19,99\u00a0€')
    expect(stat('clicks')).toBe('1.234')
    expect(view.$$('svg rect title')[2]!.textContent).toBe('1. Nov.: 4.000\u00a0¥')
  })
})

// The console's Budgets tab and a rule's backtest against a fake network: a budget names the group or
// challenge it caps, and the backtest's partners are named, not shown by id. Forms in money (a budget, a
// won deal, an approved claim) take the program's currency once it has loaded, and cannot be sent before.
import type { BacktestPartner, BacktestResult, Budget, BudgetStatus } from '@afflio/sdk/types'
import { afterEach, describe, expect, test } from 'vitest'
import { API, apiError, byText, claim, commission, consoleRoutes, deal, program, render, type Routes, rule, tick, type, until } from './testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const open = async (tab: string, routes: Routes) => {
  view = render(consoleRoutes(routes))
  byText(view.root, '[role=tab]', tab).click()
  await tick()
  return view
}

const at = '2026-11-01T00:00:00.000Z'
const status = (budget: Partial<Budget>): BudgetStatus => ({
  budget: { id: 'bud_1', name: 'Pot', scope: 'program', scopeId: null, scopeName: null, period: 'month', amountMinor: 10_000, currency: 'USD', overCap: 'hold', stepDownBps: null, createdAt: at, updatedAt: at, ...budget },
  periodStart: at,
  periodEnd: '2026-12-01T00:00:00.000Z',
  spentMinor: 2500,
  remainingMinor: 7500,
  heldMinor: 0,
  dailyRateMinor: 250,
  forecastMinor: 7500,
  runsOutAt: null,
  reached: false,
})

describe('budgets', () => {
  test('each names what it caps: the program, a group or a challenge by name, by id once it is gone', async () => {
    await open('Budgets', {
      [`GET ${API}/budgets/status`]: {
        data: [
          status({ id: 'bud_1', name: 'November' }),
          status({ id: 'bud_2', name: 'Sprint pot', scope: 'challenge', scopeId: 'chl_01m9abc', scopeName: 'Spring sprint', period: 'total' }),
          status({ id: 'bud_3', name: 'Coupon sites', scope: 'group', scopeId: 'grp_1', scopeName: 'Gold', period: 'quarter' }),
          status({ id: 'bud_4', name: 'Old', scope: 'group', scopeId: 'grp_gone', scopeName: null }),
        ],
      },
    })
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(4))
    expect(view!.$$('tbody tr').map((r) => r.querySelector('td')!.textContent)).toEqual([
      'November Whole program · Month',
      'Sprint pot Challenge Spring sprint · In all',
      'Coupon sites Group Gold · Quarter',
      'Old Group grp_gone · Month',
    ])
  })
})

describe('a new budget’s lower rate', () => {
  test('is read in the manager’s locale, as the console’s other percentages: 12,5 in de-DE is 1250 bps; 12,345 is refused, not rounded', async () => {
    view = render(consoleRoutes({ [`GET ${API}/budgets/status`]: { data: [] }, [`POST ${API}/budgets`]: ({ body }: { body: unknown }) => ({ ...status({}).budget, ...(body as object) }) }), { locale: 'de-DE' })
    byText(view.root, '[role=tab]', 'Budgets').click()
    await until(() => expect(view!.$('#bu-o')).not.toBeNull())
    await until(() => expect(view!.$<HTMLInputElement>('#bu-c')!.value).toBe('USD'))
    const form = view!.$('#bu-n')!.closest('form')!
    type(view!.$<HTMLInputElement>('#bu-n')!, 'Pot')
    await tick()
    type(view!.$<HTMLInputElement>('#bu-a')!, '500')
    await tick()
    view!.$<HTMLSelectElement>('#bu-o')!.value = 'step_down'
    view!.$<HTMLSelectElement>('#bu-o')!.dispatchEvent(new Event('change', { bubbles: true }))
    await tick()
    type(view!.$<HTMLInputElement>('#bu-d')!, '12,345')
    await tick()
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.$('#bu-d-e')?.textContent).toBe('Enter a percentage from 1 to 99.'))
    expect(view!.calls.filter((c) => c.method === 'POST')).toEqual([])
    type(view!.$<HTMLInputElement>('#bu-d')!, '12,5')
    await tick()
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.calls.filter((c) => c.method === 'POST')).toHaveLength(1))
    expect(view!.calls.find((c) => c.method === 'POST')!.body).toMatchObject({ overCap: 'step_down', stepDownBps: 1250, amountMinor: 50_000 })
  })
})

describe('a form in money before the program has loaded', () => {
  // The program (and so its currency) answers late: the forms wait for it, then use it, never a guess.
  const late = () => {
    let answer: (value: unknown) => void = () => {}
    const gate = new Promise((r) => (answer = r))
    return { route: () => gate, open: () => answer({ ...program, currency: 'JPY' }) }
  }

  test('a new budget is in the program’s currency, and cannot be saved before it is known', async () => {
    const p = late()
    await open('Budgets', {
      [`GET ${API}/program`]: p.route,
      [`GET ${API}/budgets/status`]: { data: [] },
      [`POST ${API}/budgets`]: ({ body }: { body: unknown }) => body,
    })
    await until(() => expect(view!.$('#bu-c')).not.toBeNull())
    const save = byText<HTMLButtonElement>(view!.root, 'button', 'Create budget')
    expect(save.disabled).toBe(true)
    expect(view!.$<HTMLInputElement>('#bu-c')!.value).toBe('')
    p.open()
    await until(() => expect(view!.$<HTMLInputElement>('#bu-c')!.value).toBe('JPY'))
    expect(save.disabled).toBe(false)
    type(view!.$<HTMLInputElement>('#bu-n')!, 'Yen pot')
    await tick()
    type(view!.$<HTMLInputElement>('#bu-a')!, '5000')
    await tick()
    view!.$('#bu-n')!.closest('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.calls.filter((c) => c.method === 'POST' && c.path === `${API}/budgets`)).toHaveLength(1))
    expect(view!.calls.find((c) => c.method === 'POST' && c.path === `${API}/budgets`)!.body).toMatchObject({ currency: 'JPY', amountMinor: 5000 })
  })

  test('a won deal with no currency of its own is in the program’s, once known', async () => {
    const p = late()
    await open('Deals', {
      [`GET ${API}/program`]: p.route,
      [`GET ${API}/deals`]: { data: [deal(1, { status: 'approved', currency: null, estimatedValueMinor: null })], nextCursor: null },
    })
    await until(() => expect(view!.$('[aria-label="Globex 1"]')).not.toBeNull())
    byText(view!.root, 'button', 'Mark won').click()
    await until(() => expect(view!.$('#dw-cdeal_1')).not.toBeNull())
    const save = view!.$<HTMLButtonElement>('[aria-label="Globex 1"] form button[type=submit]')!
    expect(save.disabled).toBe(true)
    expect(view!.$<HTMLInputElement>('#dw-cdeal_1')!.value).toBe('')
    p.open()
    await until(() => expect(view!.$<HTMLInputElement>('#dw-cdeal_1')!.value).toBe('JPY'))
    expect(save.disabled).toBe(false)
  })

  test('a won deal’s currency the server refuses is said under the Currency field, without the field’s name', async () => {
    await open('Deals', {
      [`GET ${API}/deals`]: { data: [deal(1, { status: 'approved' })], nextCursor: null },
      [`POST ${API}/deals/deal_1/won`]: apiError(400, 'invalid_request', 'currency: must be an active ISO 4217 currency code', 'currency'),
    })
    await until(() => expect(view!.$('[aria-label="Globex 1"]')).not.toBeNull())
    byText(view!.root, 'button', 'Mark won').click()
    await until(() => expect(view!.$('#dw-cdeal_1')).not.toBeNull())
    type(view!.$<HTMLInputElement>('#dw-ideal_1')!, 'inv_9')
    type(view!.$<HTMLInputElement>('#dw-adeal_1')!, '100')
    type(view!.$<HTMLInputElement>('#dw-cdeal_1')!, 'XYZ')
    await tick()
    view!.$('[aria-label="Globex 1"] form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.$('#dw-cdeal_1-e')?.textContent).toBe('must be an active ISO 4217 currency code'))
    expect(view!.$<HTMLInputElement>('#dw-cdeal_1')!.getAttribute('aria-invalid')).toBe('true')
    expect(view!.$('[aria-label="Globex 1"] .note')?.textContent ?? '').toBe('')
  })

  test('an approved claim’s currency the server refuses is said under the Currency field', async () => {
    await open('Claims', {
      [`GET ${API}/claims`]: { data: [claim(1)], nextCursor: null },
      [`POST ${API}/claims/clm_1/approve`]: apiError(400, 'invalid_request', 'currency: must be an active ISO 4217 currency code', 'currency'),
    })
    await until(() => expect(view!.$('[data-claim=clm_1]')).not.toBeNull())
    byText(view!.$('[data-claim=clm_1]')!, 'button', 'Approve').click()
    await until(() => expect(view!.$('#cc-clm_1')).not.toBeNull())
    type(view!.$<HTMLInputElement>('#ca-clm_1')!, '20')
    type(view!.$<HTMLInputElement>('#cc-clm_1')!, 'XYZ')
    await tick()
    view!.$('[data-claim=clm_1] form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.$('#cc-clm_1-e')?.textContent).toBe('must be an active ISO 4217 currency code'))
    expect(view!.$('#ca-clm_1-e')?.textContent ?? '').toBe('')
  })

  test('an approved claim whose sale was refunded says what is owed: nothing when reversed, the commission less the refunded part', async () => {
    const approval = (status: 'pending' | 'reversed', owedMinor: number) => ({ claim: claim(1, { status: 'approved' }), commission: commission(1, { amountMinor: 2000, currency: 'USD', status }), owedMinor })
    for (const [status, owed, said] of [
      ['reversed', 0, 'Claim for inv_1 approved, but its sale was refunded in full: the commission of $20.00 was reversed at once and pays nothing.'],
      ['pending', 2000, 'Claim for inv_1 approved: a commission of $20.00.'],
      // A sale partly refunded before the claim: what is owed, as the partner's notice says
      ['pending', 1500, 'Claim for inv_1 approved: $15.00 owed, a commission of $20.00 less $5.00 for the part of the sale refunded.'],
    ] as const) {
      await open('Claims', {
        [`GET ${API}/claims`]: { data: [claim(1)], nextCursor: null },
        [`POST ${API}/claims/clm_1/approve`]: approval(status, owed),
      })
      await until(() => expect(view!.$('[data-claim=clm_1]')).not.toBeNull())
      byText(view!.$('[data-claim=clm_1]')!, 'button', 'Approve').click()
      await until(() => expect(view!.$('#cc-clm_1')?.getAttribute('value') ?? view!.$<HTMLInputElement>('#cc-clm_1')?.value).toBeTruthy())
      view!.$('[data-claim=clm_1] form')!.dispatchEvent(new Event('submit', { cancelable: true }))
      await until(() => expect(view!.$('p.note[role=status]')?.textContent).toBe(said))
      view!.cleanup()
      view = undefined
    }
  })

  test('an approved claim with no currency of its own is in the program’s, once known; a rejection needs none', async () => {
    const p = late()
    await open('Claims', {
      [`GET ${API}/program`]: p.route,
      [`GET ${API}/claims`]: { data: [claim(1)], nextCursor: null },
    })
    await until(() => expect(view!.$('[data-claim=clm_1]')).not.toBeNull())
    byText(view!.$('[data-claim=clm_1]')!, 'button', 'Reject').click()
    await until(() => expect(view!.$('[data-claim=clm_1] form')).not.toBeNull())
    expect(view!.$<HTMLButtonElement>('[data-claim=clm_1] form button[type=submit]')!.disabled).toBe(false)
    byText(view!.$('[data-claim=clm_1]')!, 'button', 'Cancel').click()
    await until(() => expect(view!.$('[data-claim=clm_1] form')).toBeNull())
    byText(view!.$('[data-claim=clm_1]')!, 'button', 'Approve').click()
    await until(() => expect(view!.$('#cc-clm_1')).not.toBeNull())
    const save = view!.$<HTMLButtonElement>('[data-claim=clm_1] form button[type=submit]')!
    expect(save.disabled).toBe(true)
    expect(view!.$<HTMLInputElement>('#cc-clm_1')!.value).toBe('')
    p.open()
    await until(() => expect(view!.$<HTMLInputElement>('#cc-clm_1')!.value).toBe('JPY'))
    expect(save.disabled).toBe(false)
  })
})

describe('a rule’s backtest', () => {
  const who = (partnerId: string, partnerName: string | null, partnerEmail: string, deltaMinor: number): BacktestPartner => ({
    partnerId, partnerName, partnerEmail, currency: 'USD', currentMinor: 10_000, proposedMinor: 10_000 + deltaMinor, deltaMinor, sales: 2,
  })
  const result: BacktestResult = {
    from: at,
    to: '2026-12-01T00:00:00.000Z',
    sales: 4,
    totals: [{ currency: 'USD', currentMinor: 30_000, proposedMinor: 30_500, deltaMinor: 500 }],
    partners: [],
    partnerCount: 3,
    winners: [who('prt_1', 'Ada Lovelace', 'ada@partners.test', 1000)],
    losers: [who('prt_2', null, 'bob@partners.test', -500)],
    tierMoves: [],
  }

  test('names the partners gaining and losing most: their name, else their email', async () => {
    await open('Tiers & rules', { [`POST ${API}/rules/backtest`]: result })
    await until(() => expect(view!.$('#ru-n')).not.toBeNull())
    type(view!.$<HTMLInputElement>('#ru-n')!, 'Generous')
    type(view!.$<HTMLInputElement>('#ru-v')!, '30')
    await tick()
    byText(view!.$$('form').at(-1)!, 'button', 'Test on past sales').click()
    await until(() => expect(view!.$('[role=region]')).not.toBeNull())
    const rows = (caption: string) => [...view!.$$('[role=region] table')].find((t) => t.querySelector('caption')?.textContent === caption)!.querySelectorAll('tbody tr')
    expect([...rows('Gain most')].map((r) => r.querySelector('td')!.textContent)).toEqual(['Ada Lovelace'])
    expect([...rows('Lose most')].map((r) => r.querySelector('td')!.textContent)).toEqual(['bob@partners.test'])
  })

  test('the figures go once the form changes: they were of the rule as tested, not of the one about to be saved', async () => {
    await open('Tiers & rules', { [`POST ${API}/rules/backtest`]: result, [`POST ${API}/rules`]: ({ body }: { body: unknown }) => ({ ...rule(), ...(body as object), id: 'rul_9' }) })
    await until(() => expect(view!.$('#ru-n')).not.toBeNull())
    const form = view!.$$('form').at(-1)!
    type(view!.$<HTMLInputElement>('#ru-n')!, 'Generous')
    type(view!.$<HTMLInputElement>('#ru-v')!, '30')
    await tick()
    byText(form, 'button', 'Test on past sales').click()
    await until(() => expect(view!.$('[role=region]')).not.toBeNull())
    type(view!.$<HTMLInputElement>('#ru-v')!, '60')
    await tick()
    expect(view!.$('[role=region]')).toBeNull()
    // Tested again at 60%, then saved: the emptied form shows no figures either
    byText(form, 'button', 'Test on past sales').click()
    await until(() => expect(view!.$('[role=region]')).not.toBeNull())
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.text()).toContain('Rule Generous created.'))
    expect(view!.$('[role=region]')).toBeNull()
  })
})

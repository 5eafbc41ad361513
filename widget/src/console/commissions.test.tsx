// The console's Commissions tab against a fake network: each fraud rule a commission tripped and why it
// is held, in words; filters; hold, release and void with a note; the fraud rules' settings.
import type { Commission } from '@afflio/sdk/types'
import { afterEach, describe, expect, test } from 'vitest'
import { overview as portalOverview, payouts } from '../portal/testing.ts'
import { API, byText, choose, commission, consoleRoutes, partner, render, type Routes, settings, tick, type, until } from './testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const open = async (routes: Routes) => {
  view = render(routes)
  byText(view.root, '[role=tab]', 'Commissions').click()
  await tick()
  return view
}
const item = (id: string) => view!.$(`[data-commission=${id}]`)!
const calls = (method: string, path: string) => view!.calls.filter((c) => c.method === method && c.path === `${API}${path}`)

const flagged: Commission = commission(1, {
  status: 'on_hold',
  holdReason: 'too soon after the click: converted 3 s after click clk_1 (under 10 s)',
  holdReasonData: { kind: 'fast_conversion', clickId: 'clk_1', seconds: 3, minSeconds: 10 },
  fraudFlags: [
    { kind: 'partner_address', clickId: 'clk_1' },
    { kind: 'fast_conversion', clickId: 'clk_1', seconds: 3, minSeconds: 10 },
  ],
})

describe('commissions', () => {
  test('shows every fraud rule a commission tripped and why it is held, in words', async () => {
    const others: Commission[] = [
      commission(2, { fraudFlags: [{ kind: 'bot', clickId: 'clk_2', userAgent: 'Googlebot/2.1' }, { kind: 'click_burst', clickId: 'clk_2', clicksPerMinute: 20 }] }),
      commission(3, { fraudFlags: [{ kind: 'existing_customer', clickId: 'clk_3', customerCreatedAt: '2026-10-01T09:00:00.000Z', firstClickAt: '2026-10-20T09:00:00.000Z' }] }),
      commission(4, { status: 'on_hold', holdReasonData: { kind: 'payout_email', customerEmail: 'ada@pay.test' }, fraudFlags: [{ kind: 'payout_email', customerEmail: 'ada@pay.test' }] }),
      commission(5, { status: 'on_hold', holdReasonData: { kind: 'self_referral', match: 'company_domain', customerEmail: 'bob@acme.io', domain: 'acme.io' }, fraudFlags: [] }),
      commission(6, { status: 'pending', holdReasonData: { kind: 'action', action: 'release', note: 'checked' }, fraudFlags: [{ kind: 'fast_conversion', clickId: 'c', seconds: 0, minSeconds: 10 }] }),
      commission(7, {
        status: 'on_hold',
        holdReason: 'budget reached: Monthly had 0 of 5000 USD minor units left',
        holdReasonData: { kind: 'budget', budgetId: 'bud_1', budgetName: 'Monthly', capMinor: 5000, spentMinor: 5000, currency: 'USD' },
        fraudFlags: [],
      }),
    ]
    await open(consoleRoutes({ [`GET ${API}/commissions`]: { data: [flagged, ...others], nextCursor: null } }))
    await until(() => expect(item('com_1')).toBeTruthy())
    const flags = (id: string) => [...item(id).querySelectorAll('.flags li')].map((li) => li.textContent)
    expect(item('com_1').textContent).toContain('On hold')
    expect(flags('com_1')).toEqual(['The click came from an address the partner used', 'Converted 3 s after the click (under 10 s)'])
    expect(item('com_1').querySelector('.held')!.textContent).toBe('Converted 3 s after the click (under 10 s)')
    expect(flags('com_2')).toEqual(['The click came from a bot or crawler (Googlebot/2.1)', 'The click came in a burst: over 20 clicks a minute from one address'])
    expect(flags('com_3')).toEqual(['The customer was known on Oct 1, 2026, before the partner’s first click on Oct 20, 2026'])
    expect(flags('com_4')).toEqual(['Customer email ada@pay.test is the partner’s payout email'])
    expect(item('com_5').querySelector('.held')!.textContent).toBe('Customer email bob@acme.io is at the partner’s company domain acme.io')
    expect(item('com_6').querySelector('.held')!.textContent).toBe('Released by the program: checked')
    // A budget's hold: the console names the budget, and says what it had left in money, not minor units
    expect(item('com_7').querySelector('.held')!.textContent).toBe('Budget Monthly reached: $0.00 of $50.00 left')
    expect(item('com_2').querySelector('.held')).toBeNull()
  })

  test('filters by status and by the fraud rules', async () => {
    await open(consoleRoutes())
    await until(() => expect(item('com_1')).toBeTruthy())
    choose(view!.$<HTMLSelectElement>('#cm-f')!, 'true')
    await until(() => expect(calls('GET', '/commissions').at(-1)!.query).toContain('flagged=true'))
    choose(view!.$<HTMLSelectElement>('#cm-s')!, 'on_hold')
    await until(() => expect(calls('GET', '/commissions').at(-1)!.query).toMatch(/status=on_hold.*flagged=true|flagged=true.*status=on_hold/))
  })

  test('releases a held commission with a note, which is required', async () => {
    await open(
      consoleRoutes({
        [`GET ${API}/commissions`]: { data: [flagged], nextCursor: null },
        [`POST ${API}/commissions/com_1/actions`]: ({ body }: { body: unknown }) => ({ ...flagged, status: 'pending', holdReasonData: { kind: 'action', action: 'release', note: (body as { reason: string }).reason } }),
      }),
    )
    await until(() => expect(item('com_1')).toBeTruthy())
    expect([...item('com_1').querySelectorAll('.acts button')].map((b) => b.textContent)).toEqual(['Release', 'Mark fraud'])
    byText(item('com_1'), 'button', 'Release').click()
    await tick()
    const form = item('com_1').querySelector('form')!
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(item('com_1').textContent).toContain('Required.'))
    type(item('com_1').querySelector<HTMLInputElement>('input')!, 'called the customer')
    await tick()
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(item('com_1').textContent).toContain('Commission released.'))
    expect(calls('POST', '/commissions/com_1/actions')[0]!.body).toEqual({ action: 'release', reason: 'called the customer' })
    expect(item('com_1').querySelector('.held')!.textContent).toBe('Released by the program: called the customer')
    expect(item('com_1').querySelectorAll('.flags li')).toHaveLength(2) // the record keeps why
  })

  test('a commission released from the "On hold" list leaves it, and the list says what was done', async () => {
    const other = commission(2, { status: 'on_hold', fraudFlags: [] })
    await open(
      consoleRoutes({
        [`GET ${API}/commissions`]: { data: [flagged, other], nextCursor: null },
        [`POST ${API}/commissions/com_1/actions`]: { ...flagged, status: 'pending', holdReasonData: { kind: 'action', action: 'release', note: 'ok' } },
      }),
    )
    await until(() => expect(item('com_1')).toBeTruthy())
    choose(view!.$<HTMLSelectElement>('#cm-s')!, 'on_hold')
    await until(() => expect(calls('GET', '/commissions').at(-1)!.query).toContain('status=on_hold'))
    await until(() => expect(view!.$('[aria-busy=true]')).toBeNull())
    await until(() => expect(item('com_1')).toBeTruthy())
    byText(item('com_1'), 'button', 'Release').click()
    await tick()
    type(item('com_1').querySelector<HTMLInputElement>('input')!, 'ok')
    await tick()
    item('com_1').querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.$('[data-commission=com_1]')).toBeNull())
    expect(item('com_2')).toBeTruthy() // still on hold
    expect(view!.text()).toContain('Commission released.')
  })

  test('offers no action on a clawback: it moves only with its commission', async () => {
    const clawback = commission(2, { kind: 'clawback', reversesId: 'com_1', amountMinor: -500, status: 'approved' })
    await open(consoleRoutes({ [`GET ${API}/commissions`]: { data: [flagged, clawback], nextCursor: null } }))
    await until(() => expect(item('com_2')).toBeTruthy())
    expect(item('com_1').querySelectorAll('.acts button')).toHaveLength(2)
    expect(item('com_2').querySelector('.acts')).toBeNull()
  })

  test('the fraud rules: a select per rule and the thresholds; only what changed is sent', async () => {
    await open(
      consoleRoutes({
        [`PATCH ${API}/program/settings`]: ({ body }: { body: unknown }) => ({ ...settings, fraudRules: { ...settings.fraudRules, ...(body as { fraudRules: object }).fraudRules } }),
      }),
    )
    await until(() => expect(view!.$('#fr-bot')).toBeTruthy())
    expect(view!.$<HTMLSelectElement>('#fr-bot')!.value).toBe('hold')
    expect(view!.$<HTMLInputElement>('#fr-minSecondsToConvert')!.value).toBe('10')
    choose(view!.$<HTMLSelectElement>('#fr-bot')!, 'flag')
    type(view!.$<HTMLInputElement>('#fr-burstClicksPerMinute')!, '0')
    await tick()
    const form = view!.$('form.fraud-rules')!
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.$('#fr-burstClicksPerMinute-e')?.textContent).toBe('Enter a whole number of at least 1.'))
    expect(calls('PATCH', '/program/settings')).toHaveLength(0)
    type(view!.$<HTMLInputElement>('#fr-burstClicksPerMinute')!, '50')
    await tick()
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.text()).toContain('Fraud rules saved.'))
    expect(calls('PATCH', '/program/settings')[0]!.body).toEqual({ fraudRules: { bot: 'flag', burstClicksPerMinute: 50 } })
  })
})

describe("commissions on a partner's page", () => {
  test("holding one moves the partner's balances on that page", async () => {
    let held = false
    const balances = () => payouts({ balances: [{ currency: 'USD', approvedMinor: held ? 4_000 : 6_000, pendingMinor: 12_345, onHoldMinor: held ? 2_000 : 0, inPayoutMinor: 0, paidMinor: 100_000, minimumMinor: 5_000, nextPayout: { included: true, reason: null } }] })
    const approved = commission(1, { status: 'approved' })
    view = render(
      consoleRoutes({
        [`GET ${API}/partners/prt_1`]: { ...partner(1), links: [] },
        [`GET ${API}/partners/prt_1/overview`]: portalOverview(),
        [`GET ${API}/partners/prt_1/payouts`]: () => balances(),
        [`GET ${API}/commissions`]: { data: [approved], nextCursor: null },
        [`POST ${API}/commissions/com_1/actions`]: () => ((held = true), { ...approved, status: 'on_hold', holdReasonData: { kind: 'action', action: 'hold', note: 'checking' } }),
      }),
    )
    byText(view.root, '[role=tab]', 'Partners').click()
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    byText(view.root, 'button', 'Partner 1').click()
    await until(() => expect(view!.$('[data-stat=approvedMinor-USD]')?.textContent).toBe('$60.00'))
    expect(view!.$('[data-stat=onHoldMinor-USD]')).toBeNull()
    await until(() => expect(item('com_1')).toBeTruthy())
    byText(item('com_1'), 'button', 'Hold').click()
    await tick()
    type(item('com_1').querySelector<HTMLInputElement>('input')!, 'checking')
    await tick()
    item('com_1').querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(item('com_1').textContent).toContain('On hold'))
    await until(() => expect(view!.$('[data-stat=onHoldMinor-USD]')!.textContent).toBe('$20.00'))
    expect(view!.$('[data-stat=approvedMinor-USD]')!.textContent).toBe('$40.00')
  })
})

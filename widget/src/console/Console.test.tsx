import { afterEach, describe, expect, test, vi } from 'vitest'
import { overview as portalOverview, payouts as portalPayouts } from '../portal/testing.ts'
import { API, apiError, application, byText, choose, consoleRoutes, group, newsletter, overview, partner, render, type Routes, tick, type, until } from './testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const open = (tab: string, routes: Routes = consoleRoutes(), options = {}) => {
  view = render(routes, options)
  byText(view.root, '[role=tab]', tab).click()
  return view
}
const panel = () => view!.$('[role=tabpanel]')!

describe('the console', () => {
  test('tabs for every area; arrow keys, Home and End move between them', async () => {
    view = render(consoleRoutes())
    const tabs = view.$$('[role=tab]')
    expect(tabs.map((t) => t.textContent)).toEqual(['Overview', 'Applications', 'Recruitment', 'Partners', 'Customers', 'Import', 'Groups', 'Tiers & rules', 'Budgets', 'Segments', 'Onboarding', 'Messages', 'Newsletters', 'Deals', 'Claims', 'Challenges', 'Commissions', 'Payouts', 'Activity'])
    expect(tabs.map((t) => t.tabIndex)).toEqual([0, ...Array(18).fill(-1)])
    const key = (key: string) => view!.root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
    tabs[0]!.focus()
    key('ArrowRight')
    await until(() => expect(view!.root.activeElement!.textContent).toBe('Applications'))
    expect(view.$('[role=tabpanel]')!.getAttribute('aria-labelledby')).toBe('t-applications')
    key('End')
    await until(() => expect(view!.$('[aria-selected=true]')!.textContent).toBe('Activity'))
    key('ArrowRight')
    await until(() => expect(view!.root.activeElement!.textContent).toBe('Overview'))
    await until(() => expect(view!.$('h2')!.textContent).toBe('Acme Analytics · partner program'))
    // The console token goes to the CORS-open mount of the program API.
    expect(new Set(view.calls.map((c) => c.token))).toEqual(new Set(['ct_test']))
    expect(view.calls.every((c) => c.path.startsWith('/console/v1/'))).toBe(true)
  })

  test('overview: partners, activity, money by state, and what waits (a shortcut to it)', async () => {
    view = render(consoleRoutes())
    await until(() => expect(view!.$('[data-stat=clicks]')?.textContent).toBe('4,321'))
    expect(view.$('[data-stat=partners]')!.textContent).toBe('12')
    expect(view.text()).toContain('9 Active · 1 Approved · 2 Suspended')
    expect(view.$('[data-stat=revenue-USD]')!.textContent).toBe('$12,345.00')
    expect(view.$('[data-stat=approvedMinor-USD]')!.textContent).toBe('$345.00')
    expect(view.$('[data-stat=paidMinor-USD]')!.textContent).toBe('$1,000.00')
    // The period narrows the activity, never the balances: their heading says so.
    expect(view.text()).toContain('Commissions, all time')
    expect(view.calls.find((c) => c.path === `${API}/program/overview`)!.query).toBe('?days=30')
    choose(view.$<HTMLSelectElement>('select')!, '0')
    await until(() => expect(view!.calls.filter((c) => c.path === `${API}/program/overview`).at(-1)!.query).toBe(''))
    byText(view.root, 'button', '1 conversation with unread messages').click()
    await until(() => expect(view!.$('[aria-selected=true]')!.textContent).toBe('Messages'))
  })

  test('overview: pending claims and bounty submissions wait too, each a shortcut to its queue', async () => {
    view = render(consoleRoutes({ [`GET ${API}/program/overview`]: overview({ waiting: { applications: 0, deals: 0, claims: 3, submissions: 1 } }) }))
    await until(() => expect(view!.text()).toContain('3 missing-commission claims to review'))
    expect(view.text()).toContain('1 bounty submission to review')
    byText(view.root, 'button', '3 missing-commission claims to review').click()
    await until(() => expect(view!.$('[aria-selected=true]')!.textContent).toBe('Claims'))
    byText(view.root, '[role=tab]', 'Overview').click()
    await until(() => expect(view!.text()).toContain('1 bounty submission to review'))
    byText(view.root, 'button', '1 bounty submission to review').click()
    await until(() => expect(view!.$('[aria-selected=true]')!.textContent).toBe('Challenges'))
  })

  test('overview: a period that fails to load says so, with Try again, and shows no figures of the previous one', async () => {
    let down = false
    view = render(consoleRoutes({ [`GET ${API}/program/overview`]: () => (down ? new TypeError('Failed to fetch') : overview()) }))
    await until(() => expect(view!.$('[data-stat=clicks]')?.textContent).toBe('4,321'))
    down = true
    choose(view.$<HTMLSelectElement>('select')!, '7')
    await until(() => expect(view!.$('[role=tabpanel] [role=alert]')?.textContent).toContain('Could not reach the server'))
    expect(view.$('[data-stat=clicks]')).toBeNull()
    down = false
    byText(view.$('[role=tabpanel] [role=alert]')!, 'button', 'Try again').click()
    await until(() => expect(view!.$('[data-stat=clicks]')?.textContent).toBe('4,321'))
    expect(view.$('[role=tabpanel] [role=alert]')).toBeNull()
    expect(view.calls.filter((c) => c.path === `${API}/program/overview`).at(-1)!.query).toBe('?days=7')
  })

  test("a partner's page names its figures as the overview and the partner list do: Sales, Revenue", async () => {
    open(
      'Partners',
      consoleRoutes({
        [`GET ${API}/partners/prt_1`]: { ...partner(1), links: [] },
        [`GET ${API}/partners/prt_1/overview`]: portalOverview(),
        [`GET ${API}/partners/prt_1/payouts`]: portalPayouts(),
      }),
    )
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    const columns = view!.$$('thead th').map((th) => th.textContent)
    expect(columns).toEqual(expect.arrayContaining([expect.stringContaining('Sales'), expect.stringContaining('Revenue')]))
    byText(view!.root, 'button', 'Partner 1').click()
    await until(() => expect(view!.$('[data-stat=sales]')?.textContent).toBe('7'))
    const label = (k: string) => view!.$(`[data-stat=${k}]`)!.previousElementSibling!.textContent
    expect([label('sales'), label('revenue')]).toEqual(['Sales', 'Revenue'])
  })

  test("a partner's page lists each link by the URL the partner shares, its code while the program has no site URL", async () => {
    const link = (code: string, url: string | null, destinationUrl: string | null = null) => ({ id: `lnk_${code}`, partnerId: 'prt_1', code, destinationUrl, url, createdAt: '2026-10-01T00:00:00.000Z' })
    open(
      'Partners',
      consoleRoutes({
        [`GET ${API}/partners/prt_1`]: { ...partner(1), links: [link('ADA', 'https://acme.example/?ref=ADA'), link('ADA-SPRING', 'https://acme.example/spring?ref=ADA-SPRING', 'https://acme.example/spring'), link('ADA-NEW', null)] },
        [`GET ${API}/partners/prt_1/overview`]: portalOverview(),
        [`GET ${API}/partners/prt_1/payouts`]: portalPayouts(),
      }),
    )
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    byText(view!.root, 'button', 'Partner 1').click()
    await until(() => expect(view!.$$('li.url')).toHaveLength(3))
    expect(view!.$$('li.url').map((li) => li.textContent)).toEqual(['https://acme.example/?ref=ADA', 'https://acme.example/spring?ref=ADA-SPRING', 'ADA-NEW'])
  })

  test("the partner list and a partner's page write counts in the locale's digits, as the overview does", async () => {
    const big = partner(1, { performance: { ...partner(1).performance, clicks: 12_345, sales: 1_234 } })
    view = render(
      consoleRoutes({
        [`GET ${API}/partners`]: { data: [big], nextCursor: null },
        [`GET ${API}/partners/prt_1`]: { ...big, links: [] },
        [`GET ${API}/partners/prt_1/overview`]: portalOverview({ clicks: 12_345, leads: 1_056, sales: 1_007 }),
        [`GET ${API}/partners/prt_1/payouts`]: portalPayouts(),
      }),
      { locale: 'de-DE' },
    )
    byText(view.root, '[role=tab]', 'Partners').click()
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(1))
    const cells = [...view.$$('tbody tr')[0]!.querySelectorAll('td.num')].map((td) => td.textContent)
    expect(cells.slice(0, 2)).toEqual(['12.345', '1.234'])
    view.$<HTMLButtonElement>('tbody button.lnk')!.click()
    await until(() => expect(view!.$('[data-stat=clicks]')?.textContent).toBe('12.345'))
    expect([view.$('[data-stat=leads]')!.textContent, view.$('[data-stat=sales]')!.textContent]).toEqual(['1.056', '1.007'])
  })

  test("a partner's page names payouts and methods as Payouts and the portal do", async () => {
    const history = [{ id: 'po_1', amountMinor: 33_875, currency: 'USD', status: 'pending' as const, createdAt: '2026-11-01T12:00:00.000Z', paidAt: null }]
    open(
      'Partners',
      consoleRoutes({
        [`GET ${API}/partners/prt_1`]: { ...partner(1), links: [] },
        [`GET ${API}/partners/prt_1/overview`]: portalOverview(),
        [`GET ${API}/partners/prt_1/payouts`]: portalPayouts({ history, payoutDetails: { method: 'paypal', email: 'p1@pay.test' } }),
      }),
    )
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    byText(view!.root, 'button', 'Partner 1').click()
    await until(() => expect(view!.text()).toContain('PayPal · p1@pay.test'))
    expect(view!.$$('.tw tbody tr').map((tr) => tr.children[1]!.textContent)).toEqual(['Waiting'])
  })

  test("a partner's page pages its payout history past the first page", async () => {
    const payout = (n: number) => ({ id: `po_${n}`, amountMinor: n * 100, currency: 'USD', status: 'paid' as const, createdAt: '2026-11-01T12:00:00.000Z', paidAt: '2026-11-02T12:00:00.000Z' })
    open(
      'Partners',
      consoleRoutes({
        [`GET ${API}/partners/prt_1`]: { ...partner(1), links: [] },
        [`GET ${API}/partners/prt_1/overview`]: portalOverview(),
        [`GET ${API}/partners/prt_1/payouts`]: portalPayouts({ history: [payout(9)], historyNextCursor: 'po_9' }),
        [`GET ${API}/partners/prt_1/payouts/history`]: { data: [payout(8)], nextCursor: null },
      }),
    )
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    byText(view!.root, 'button', 'Partner 1').click()
    const amounts = () => view!.$$('table').find((t) => t.querySelector('caption')?.textContent === 'Payouts')?.querySelectorAll('tbody tr td:last-child')
    await until(() => expect([...(amounts() ?? [])].map((td) => td.textContent)).toEqual(['$9.00']))
    byText(view!.root, 'button', 'Load more').click()
    await until(() => expect([...amounts()!].map((td) => td.textContent)).toEqual(['$9.00', '$8.00']))
    expect(view!.calls.find((c) => c.path.endsWith('/payouts/history'))!.query).toBe('?cursor=po_9')
  })

  test('overview: empty program and a failed load', async () => {
    let fail = true
    view = render(
      consoleRoutes({
        [`GET ${API}/program/overview`]: () => (fail ? apiError(500, 'internal') : overview({ commissions: [], revenue: [], waiting: { applications: 0, deals: 0, claims: 0, submissions: 0 } })),
        [`GET ${API}/threads`]: { data: [], nextCursor: null, unreadThreads: 0 },
      }),
    )
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('Something went wrong'))
    fail = false
    byText(view.root, 'button', 'Try again').click()
    await until(() => expect(view!.text()).toContain('No commissions yet.'))
    expect(view.text()).toContain('Nothing waits for you.')
  })

  test('applications: approve into a group; reject needs a reason', async () => {
    const approved = vi.fn()
    open(
      'Applications',
      consoleRoutes({
        [`POST ${API}/applications/apl_1/approve`]: ({ body }: { body: unknown }) => (approved(body), { application: application(1, { status: 'approved' }), partner: {} }),
        [`POST ${API}/applications/apl_2/reject`]: ({ body }: { body: unknown }) => application(2, { status: 'rejected', rejectionReason: (body as { reason: string }).reason }),
      }),
    )
    await until(() => expect(view!.$$('article.item')).toHaveLength(2))
    await until(() => expect(view!.$('article.item')!.textContent).toContain('Your websitehttps://blog1.example'))
    expect(view!.$('article.item')!.textContent).toContain('I accept the termsYes')
    await until(() => expect(view!.$$<HTMLSelectElement>('#g-apl_1 option').map((o) => o.textContent)).toEqual(['No group', 'Gold', 'Silver']))
    choose(view!.$<HTMLSelectElement>('#g-apl_1')!, 'grp_1')
    await tick()
    byText(view!.$('article.item')!, 'button', 'Approve').click()
    await until(() => expect(view!.$$('article.item')).toHaveLength(1))
    expect(approved).toHaveBeenCalledWith({ groupId: 'grp_1' })
    expect(panel().querySelector('[role=status]')!.textContent).toBe('Approved Applicant 1 <applicant1@example.com>.')

    byText(view!.$('article.item')!, 'button', 'Reject').click()
    await tick()
    await until(() => expect(view!.$('#r-apl_2')).not.toBeNull())
    view!.$('article.item form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.$('#r-apl_2-e')?.textContent).toBe('Give a reason.'))
    type(view!.$<HTMLInputElement>('#r-apl_2')!, 'No website')
    await tick()
    view!.$('article.item form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.text()).toContain('No applications wait for review.'))
    expect(view!.calls.at(-1)).toMatchObject({ method: 'POST', path: `${API}/applications/apl_2/reject`, body: { reason: 'No website' } })
  })

  test('applications: loading, then empty', async () => {
    let answer!: (v: unknown) => void
    open('Applications', consoleRoutes({ [`GET ${API}/applications`]: () => new Promise((r) => (answer = r)) }))
    await until(() => expect(panel().querySelector('[role=status]')?.textContent).toBe('Loading…'))
    answer({ data: [], nextCursor: null })
    await until(() => expect(view!.text()).toContain('No applications wait for review.'))
  })

  test('partners: figures per partner; a header sorts on the server, again reverses; search goes to the API', async () => {
    open('Partners')
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    expect([...view!.$$('tbody tr')[1]!.querySelectorAll('td')].slice(2, 6).map((td) => td.textContent)).toEqual(['20', '2', '$100.00', '$20.00'])
    const last = () => view!.calls.filter((c) => c.path === `${API}/partners`).at(-1)!.query
    const header = (name: string) => view!.$$('th button').find((b) => b.textContent!.startsWith(name))!
    header('Revenue').click()
    await until(() => expect(last()).toBe('?sort=revenue&order=desc&limit=50'))
    await until(() => expect(view!.$('th[aria-sort=descending]')?.textContent).toContain('Revenue'))
    header('Revenue').click()
    await until(() => expect(last()).toBe('?sort=revenue&order=asc&limit=50'))
    header('Name').click()
    await until(() => expect(last()).toBe('?sort=name&order=asc&limit=50'))
    const search = view!.$<HTMLInputElement>('#pf-q')!
    search.value = ' ada '
    search.dispatchEvent(new Event('change', { bubbles: true }))
    await until(() => expect(last()).toBe('?sort=name&order=asc&q=ada&limit=50'))
  })

  test('partners: what is typed in the search stays while the filters arrive', async () => {
    let answer!: (v: unknown) => void
    open('Partners', consoleRoutes({ [`GET ${API}/groups`]: () => new Promise((r) => (answer = r)) }))
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    const search = view!.$<HTMLInputElement>('#pf-q')!
    search.value = 'lovel'
    search.dispatchEvent(new Event('input', { bubbles: true }))
    answer({ data: [group(1, 'Gold')], nextCursor: null }) // before Enter: the filters render again
    await until(() => expect(view!.$$('#pf-g option')).toHaveLength(3))
    expect(search.value).toBe('lovel')
    search.dispatchEvent(new Event('change', { bubbles: true }))
    await until(() => expect(view!.calls.filter((c) => c.path === `${API}/partners`).at(-1)!.query).toBe('?q=lovel&limit=50'))
  })

  test('partners: searches once typing pauses, without Enter; an emptied field lists everyone', async () => {
    open('Partners', consoleRoutes())
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    const queries = () => view!.calls.filter((c) => c.path === `${API}/partners`).map((c) => c.query)
    const search = view!.$<HTMLInputElement>('#pf-q')!
    for (const typed of ['o', 'ok', 'oka', 'okafor']) {
      search.value = typed
      search.dispatchEvent(new Event('input', { bubbles: true }))
    }
    await until(() => expect(queries().at(-1)).toBe('?q=okafor&limit=50'))
    expect(queries().filter((q) => q.includes('q='))).toEqual(['?q=okafor&limit=50']) // one request, not one a keystroke
    search.value = ''
    search.dispatchEvent(new Event('input', { bubbles: true }))
    await until(() => expect(queries().at(-1)).toBe('?limit=50'))
  })

  test('partners: filters go to the API; select some, move them to a group in one call', async () => {
    let bulk: unknown
    open('Partners', consoleRoutes({ [`POST ${API}/partners/bulk`]: ({ body }: { body: unknown }) => ((bulk = body), { action: 'move_group', matched: 2, changed: 2 }) }))
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
    await until(() => expect(view!.$$('#pf-g option')).toHaveLength(4))
    choose(view!.$<HTMLSelectElement>('#pf-g')!, 'grp_2')
    choose(view!.$<HTMLSelectElement>('#pf-s')!, 'active')
    await until(() => expect(view!.calls.filter((c) => c.path === `${API}/partners`).at(-1)!.query).toBe('?groupId=grp_2&status=active&limit=50'))
    choose(view!.$<HTMLSelectElement>('#pf-seg')!, 'seg_1')
    await until(() => expect(view!.calls.filter((c) => c.path === `${API}/partners`).at(-1)!.query).toContain('segmentId=seg_1'))

    const boxes = () => view!.$$<HTMLInputElement>('tbody input[type=checkbox]')
    await until(() => expect(boxes()).toHaveLength(3))
    boxes()[0]!.click()
    boxes()[2]!.click()
    await until(() => expect(view!.$('.bulk')?.textContent).toContain('2 selected'))
    expect(view!.$$('tr.sel')).toHaveLength(2)
    const bar = view!.$('.bulk')!
    choose(bar.querySelectorAll('select')[1] as HTMLSelectElement, 'grp_1')
    await tick()
    bar.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(bulk).toEqual({ partnerIds: ['prt_1', 'prt_3'], action: 'move_group', groupId: 'grp_1' }))
    await until(() => expect(panel().querySelector('[role=status]')?.textContent).toBe('Partners changed: 2 of 2.'))
    expect(view!.$('.bulk')).toBeNull() // the selection is cleared

    // Select all shown, set a status.
    view!.$<HTMLInputElement>('thead input[type=checkbox]')!.click()
    await until(() => expect(view!.$('.bulk')?.textContent).toContain('3 selected'))
    choose(view!.$('.bulk')!.querySelector('select') as HTMLSelectElement, 'set_status')
    await until(() => expect(view!.$('.bulk')!.querySelectorAll('select')).toHaveLength(2))
    choose(view!.$('.bulk')!.querySelectorAll('select')[1] as HTMLSelectElement, 'suspended')
    await tick()
    view!.$('.bulk')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(bulk).toEqual({ partnerIds: ['prt_1', 'prt_2', 'prt_3'], action: 'set_status', status: 'suspended' }))
  })

  test('partners: a failed list says so and retries; an empty filter says nothing matches', async () => {
    let reply: unknown = apiError(500, 'internal')
    open('Partners', consoleRoutes({ [`GET ${API}/partners`]: () => reply }))
    await until(() => expect(panel().querySelector('[role=alert]')?.textContent).toContain('Something went wrong'))
    reply = { data: [], nextCursor: null }
    byText(view!.root, 'button', 'Try again').click()
    await until(() => expect(view!.text()).toContain('No partners yet.'))
    choose(view!.$<HTMLSelectElement>('#pf-s')!, 'pending')
    await until(() => expect(view!.text()).toContain('No partners match these filters.'))
  })

  test('newsletters: a draft is sent from the list only after a yes', async () => {
    const draft = newsletter(3, { subject: 'December', status: 'draft', recipientCount: 0, sentAt: null })
    open(
      'Newsletters',
      consoleRoutes({
        [`GET ${API}/newsletters`]: { data: [draft], nextCursor: null },
        [`POST ${API}/newsletters/nl_3/send`]: () => ({ ...draft, status: 'sent', recipientCount: 5 }),
      }),
    )
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(1))
    byText(view!.root, 'button', 'Send').click()
    await until(() => expect(view!.text()).toContain('Send “December” to its audience now? It cannot be unsent.'))
    expect(view!.calls.some((c) => c.method === 'POST')).toBe(false)
    byText(view!.root, 'button', 'Yes').click()
    await until(() => expect(view!.text()).toContain('Sent “December” to 5 partners.'))
  })

  test('newsletters: the Delivery column follows the sends while some are pending', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      let pending = 1
      open(
        'Newsletters',
        consoleRoutes({
          [`GET ${API}/newsletters`]: { data: [newsletter(1, { delivery: { pending: 1, sent: 1, failed: 0, unsubscribed: 0 } }), newsletter(2, { delivery: { pending: 0, sent: 3, failed: 0, unsubscribed: 0 } })], nextCursor: null },
          [`GET ${API}/newsletters/nl_1`]: () => newsletter(1, { delivery: { pending, sent: 2 - pending, failed: 0, unsubscribed: 0 } }),
        }),
      )
      await vi.advanceTimersByTimeAsync(0)
      await until(() => expect(view!.$('[data-delivery=nl_1]')?.textContent).toBe('1 sent · 1 pending'))
      await vi.advanceTimersByTimeAsync(5_000)
      await until(() => expect(view!.calls.filter((c) => c.path === `${API}/newsletters/nl_1`)).toHaveLength(1))
      pending = 0
      await vi.advanceTimersByTimeAsync(5_000)
      await until(() => expect(view!.$('[data-delivery=nl_1]')!.textContent).toBe('2 sent'))
      // Nothing pending any more: nothing is asked
      await vi.advanceTimersByTimeAsync(15_000)
      expect(view!.calls.filter((c) => c.path === `${API}/newsletters/nl_1`)).toHaveLength(2)
      expect(view!.calls.some((c) => c.path === `${API}/newsletters/nl_2`)).toBe(false)
    } finally {
      vi.useRealTimers()
    }
  })

  test('newsletters: compose to a segment and send; drafts wait; per-recipient status', async () => {
    const sent = vi.fn()
    open(
      'Newsletters',
      consoleRoutes({
        [`POST ${API}/newsletters`]: ({ body }: { body: unknown }) => newsletter(2, { ...(body as object), status: 'draft', recipientCount: 0, sentAt: null, delivery: { pending: 0, sent: 0, failed: 0, unsubscribed: 0 } }),
        [`POST ${API}/newsletters/nl_2/send`]: () => (sent(), newsletter(2, { subject: 'November', audience: { segmentId: 'seg_1' }, recipientCount: 4, delivery: { pending: 4, sent: 0, failed: 0, unsubscribed: 0 } })),
        [`GET ${API}/newsletters/nl_1/recipients`]: { data: [{ partnerId: 'prt_1', email: 'p1@example.com', status: 'failed', error: 'mailbox full', sentAt: null, readAt: null }], nextCursor: null },
        [`POST ${API}/newsletters/preview`]: { subject: 'November', html: '<h1>November</h1>', text: '' },
      }),
    )
    await until(() => expect(view!.$$('#nl-a option').map((o) => o.textContent)).toEqual(['Every partner', 'Segment 1 (4 partners)']))
    view!.$('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.$('#nl-s-e')?.textContent).toBe('Required.'))
    type(view!.$<HTMLInputElement>('#nl-s')!, 'November')
    type(view!.$<HTMLTextAreaElement>('#nl-b')!, '# News\n- **30%** on Pro')
    expect(view!.$<HTMLSelectElement>('#nl-f')!.value).toBe('markdown') // the default
    choose(view!.$<HTMLSelectElement>('#nl-a')!, 'seg_1')
    await tick()
    byText(view!.root, 'button', 'Preview').click()
    await until(() => expect(view!.$('iframe')).not.toBeNull())
    byText(view!.root, 'button', 'Send now').click()
    // Asked first, naming the audience with its count; nothing is written before the yes.
    await until(() => expect(view!.$('[role=alertdialog]')?.textContent).toContain('Send “November” to Segment 1 (4 partners) now?'))
    expect(view!.calls.some((c) => c.method === 'POST' && c.path === `${API}/newsletters`)).toBe(false)
    byText(view!.root, 'button', 'Cancel').click()
    await tick()
    expect(view!.$('[role=alertdialog]')).toBeNull()
    byText(view!.root, 'button', 'Send now').click()
    await until(() => expect(view!.$('[role=alertdialog]')).not.toBeNull())
    byText(view!.root, 'button', 'Yes, send it').click()
    await until(() => expect(view!.text()).toContain('Sent “November” to 4 partners.'))
    // The form is emptied for the next one, and the sent one's preview goes with it
    expect(view!.$<HTMLInputElement>('#nl-s')!.value).toBe('')
    expect(view!.$('iframe')).toBeNull()
    expect(view!.calls.find((c) => c.method === 'POST' && c.path === `${API}/newsletters`)!.body).toEqual({
      subject: 'November',
      body: '# News\n- **30%** on Pro',
      format: 'markdown',
      audience: { segmentId: 'seg_1' },
    })
    expect(sent).toHaveBeenCalledTimes(1)
    await until(() => expect(view!.$$('tbody tr')).toHaveLength(2))
    expect(view!.$('[data-delivery=nl_2]')!.textContent).toBe('4 pending')
    expect(view!.$('[data-delivery=nl_1]')!.textContent).toBe('2 sent · 1 failed')
    const row = view!.$$('tbody tr').find((tr) => tr.textContent!.includes('Update 1'))!
    byText(row, 'button', 'Recipients').click()
    await until(() => expect(view!.text()).toContain('mailbox full'))
    expect(row.querySelector('button')!.getAttribute('aria-expanded')).toBe('true')
  })

  test('newsletters and messages say when the server has no mail server; with one, nothing is said', async () => {
    const { settings } = await import('./testing.ts')
    open('Newsletters', consoleRoutes({ [`GET ${API}/program/settings`]: { ...settings, mail: { configured: false } } }))
    await until(() => expect(view!.$('[data-no-mail]')?.textContent).toContain('No mail server is configured'))
    byText(view!.root, '[role=tab]', 'Messages').click()
    await until(() => expect(view!.$('[data-no-mail]')).not.toBeNull())
    view!.cleanup()
    open('Newsletters')
    await until(() => expect(view!.calls.some((c) => c.path === `${API}/program/settings`)).toBe(true))
    await tick()
    expect(view!.$('[data-no-mail]')).toBeNull()
  })

  test('newsletters: preview as partners will see it; a test copy to the manager, or to an address remembered', async () => {
    localStorage.removeItem('afflio.newsletterTestTo')
    let testReply: unknown = { to: 'dana@acme.test' }
    open(
      'Newsletters',
      consoleRoutes({
        [`POST ${API}/newsletters/preview`]: ({ body }: { body: { subject: string } }) => ({ subject: body.subject, html: `<h1>${body.subject}</h1><p>partner of Acme</p>`, text: '' }),
        [`POST ${API}/newsletters/test`]: () => testReply,
      }),
    )
    await until(() => expect(view!.$('#nl-to')).not.toBeNull())
    byText(view!.root, 'button', 'Preview').click()
    await until(() => expect(view!.$('#nl-b-e')?.textContent).toBe('Required.'))
    type(view!.$<HTMLInputElement>('#nl-s')!, 'November')
    type(view!.$<HTMLTextAreaElement>('#nl-b')!, '**30%** on Pro')
    await tick()
    byText(view!.root, 'button', 'Preview').click()
    await until(() => expect(view!.$<HTMLIFrameElement>('iframe')?.getAttribute('srcdoc')).toBe('<h1>November</h1><p>partner of Acme</p>'))
    expect(view!.$('iframe')!.getAttribute('sandbox')).toBe('')
    expect(view!.calls.find((c) => c.path === `${API}/newsletters/preview`)!.body).toEqual({ subject: 'November', body: '**30%** on Pro', format: 'markdown' })
    // Editing the draft drops the stale preview
    type(view!.$<HTMLInputElement>('#nl-s')!, 'December')
    await until(() => expect(view!.$('iframe')).toBeNull())

    byText(view!.root, 'button', 'Send me a test').click()
    await until(() => expect(view!.text()).toContain('Test sent to dana@acme.test.'))
    expect(view!.calls.find((c) => c.path === `${API}/newsletters/test`)!.body).toEqual({ subject: 'December', body: '**30%** on Pro', format: 'markdown' })
    testReply = apiError(400, 'invalid_request', 'to: required', 'to')
    type(view!.$<HTMLInputElement>('#nl-to')!, 'ops@acme.test')
    await tick()
    byText(view!.root, 'button', 'Send me a test').click()
    await until(() => expect(view!.$('#nl-to-e')?.textContent).toBe('required'))
    expect(view!.calls.filter((c) => c.path === `${API}/newsletters/test`).at(-1)!.body).toMatchObject({ to: 'ops@acme.test' })
    expect(localStorage.getItem('afflio.newsletterTestTo')).toBe('ops@acme.test')
    // Edited, the address is no longer said to be wrong; sent and refused again, it is
    type(view!.$<HTMLInputElement>('#nl-to')!, 'ops@acme.com')
    await until(() => expect(view!.$('#nl-to-e')?.textContent ?? '').toBe(''))
    expect(view!.$('#nl-to')!.getAttribute('aria-invalid')).toBe('false')
    byText(view!.root, 'button', 'Send me a test').click()
    await until(() => expect(view!.calls.filter((c) => c.path === `${API}/newsletters/test`).at(-1)!.body).toMatchObject({ to: 'ops@acme.com' }))
    await until(() => expect(view!.$('#nl-to-e')?.textContent).toBe('required'))
    // The mail server refuses the address: said until the address is corrected
    testReply = apiError(502, 'unavailable', 'The mail server refused the test email: 550 no such user ops@acme.com')
    byText(view!.root, 'button', 'Send me a test').click()
    await until(() => expect(view!.text()).toContain('550 no such user'))
    type(view!.$<HTMLInputElement>('#nl-to')!, 'ops@acme.test')
    await until(() => expect(view!.text()).not.toContain('550 no such user'))
    // Nothing was saved or sent to partners
    expect(view!.calls.some((c) => c.method === 'POST' && c.path === `${API}/newsletters`)).toBe(false)
  })

  test('payouts: balances with names, the preview (who is paid, who skipped and why), run, export a CSV, mark paid', async () => {
    const { preview, run } = await import('./testing.ts')
    const created = { ...run(2), skipped: [{ partnerId: 'prt_2', currency: 'USD', approvedMinor: 12_000, reason: 'missing_payout_details' }] }
    const clicked: string[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download)
    })
    let previews = 0
    open(
      'Payouts',
      consoleRoutes({
        [`GET ${API}/payout-runs/preview`]: () => (++previews, preview()),
        [`POST ${API}/payout-runs`]: created,
        // A Wise file of this run holds its header only: none of its payouts goes through Wise. The PayPal
        // file leaves one waiting payout out (the server's headers say how many and the file's name).
        [`GET ${API}/payout-runs/run_1/export`]: ({ url }: { url: URL }) => {
          const wise = url.search.includes('wise')
          const name = `afflio-run_1-${wise ? 'wise' : 'paypal'}${url.search.includes('paid') ? '-paid' : ''}.csv`
          // The paid copy's counts are dropped on the way (a proxy that keeps only the headers it knows)
          const counts: Record<string, string> = url.search.includes('paid') ? {} : { 'afflio-export-count': wise ? '0' : '1', 'afflio-export-excluded': '1' }
          const headers = { 'content-disposition': `attachment; filename="${name}"`, ...counts }
          return new Response(wise ? 'name,recipientEmail,amount\r\n' : 'p1@pay.test,60.00,USD\r\n', { status: 200, headers })
        },
        [`POST ${API}/payout-runs/run_1/mark-paid`]: (() => {
          const paidAt = '2026-11-02T00:00:00.000Z'
          return { ...run(1), status: 'paid', paidAt, payouts: run(1).payouts.map((p) => ({ ...p, status: 'paid', paidAt })) }
        })(),
      }),
    )
    await until(() => expect(view!.$('table')?.textContent).toContain('Partner 1'))
    expect(view!.$('table tbody')!.textContent).toContain('$60.00')
    // Before the run: what it would do, the skipped partners with their approved balance and why.
    await until(() => expect(view!.text()).toContain('Next run: 1 partner will be paid ($60.00).'))
    expect(view!.$('p.err')!.textContent).toContain('Warning: 1 partner will be skipped:')
    const skipped = view!.$$('table').find((t) => t.querySelector('caption')!.textContent === 'Skipped partners')!
    expect([...skipped.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Partner', 'Approved', 'Reason'])
    expect([...skipped.querySelectorAll('tbody td')].map((td) => td.textContent)).toEqual(['Partner 2', '$120.00', 'No payout details'])
    byText(view!.root, 'button', 'Run payouts').click()
    await tick()
    expect(view!.$('[role=group]')!.getAttribute('aria-label')).toBe('Pay 1 partner ($60.00) and skip 1 partner?')
    byText(view!.root, 'button', 'Yes').click()
    await until(() => expect(view!.text()).toContain('Payout run created. Payouts: 1. Partners skipped: 1.'))
    await until(() => expect(previews).toBe(2)) // the preview loads again after the run
    await until(() => expect(view!.$$('article.item')).toHaveLength(2))
    const first = view!.$$('article.item')[1]!
    byText(first, 'button', 'Export CSV').click()
    await until(() => expect(clicked).toEqual(['afflio-run_1-paypal.csv']))
    expect(first.textContent).toContain('CSV downloaded: 1 payout. 1 waiting payout of this run is not in it: a Stripe Connect one (Send pays it), another currency\'s, or one PayPal cannot pay.')
    expect(view!.calls.find((c) => c.path.endsWith('/export'))!.query).toBe('?format=paypal')
    choose(first.querySelector<HTMLSelectElement>('select')!, 'wise')
    await tick()
    byText(first, 'button', 'Export CSV').click()
    await until(() => expect(first.textContent).toContain('Nothing downloaded: the waiting payout of this run cannot go in a Wise file. It is a Stripe Connect one (Send pays it), another currency\'s, or one Wise cannot pay (pay it another way, then mark the run paid).'))
    expect(clicked).toEqual(['afflio-run_1-paypal.csv'])
    byText(first, 'button', 'Mark paid').click()
    await tick()
    byText(first, 'button', 'Yes').click()
    await until(() => expect(view!.$$('article.item')[1]!.querySelector('.badge')!.textContent).toBe('Paid'))
    await until(() => expect(previews).toBe(3)) // and after mark-paid
    // Paid: nothing is left to pay, and the run's file downloads again as a copy of what it paid
    const paid = view!.$$('article.item')[1]!
    expect(paid.querySelector('button')!.textContent).toBe('Download the paid file again')
    expect(paid.textContent).toContain('A copy of what this run paid, for your records: uploading it pays again.')
    choose(paid.querySelector<HTMLSelectElement>('select')!, 'paypal')
    await tick()
    byText(paid, 'button', 'Download the paid file again').click()
    await until(() => expect(clicked).toEqual(['afflio-run_1-paypal.csv', 'afflio-run_1-paypal-paid.csv']))
    expect(paid.querySelector('[role=status]')?.textContent).toBe('CSV downloaded.')
    expect(view!.calls.filter((c) => c.path.endsWith('/export')).at(-1)!.query).toBe('?format=paypal&status=paid')
    click.mockRestore()
  })

  test("payouts: a run's total leaves out its failed payouts (owed again, a later run pays them), shown apart", async () => {
    const { run } = await import('./testing.ts')
    const [paid] = run(1).payouts
    const runs = [
      run(1, { payouts: [{ ...paid!, status: 'paid' }, { ...paid!, id: 'po_1b', partnerId: 'prt_2', amountMinor: 3_000, status: 'failed', failureReason: 'returned' }, { ...paid!, id: 'po_1c', amountMinor: 500, currency: 'EUR', status: 'failed' }] }),
      run(2, { payouts: [{ ...paid!, id: 'po_2', amountMinor: 3_000, partnerId: 'prt_2', status: 'pending' }] }),
    ]
    open('Payouts', consoleRoutes({ [`GET ${API}/payout-runs`]: { data: runs, nextCursor: null } }))
    await until(() => expect(view!.$$('article.item h4')).toHaveLength(2))
    const [first, second] = view!.$$('article.item h4').map((h) => h.textContent)
    expect(first).toContain('3 payouts · $60.00 · $30.00 + €5.00 failed')
    expect(second).toContain('1 payout · $30.00')
    expect(second).not.toContain('failed')
  })

  test('payouts: Mark paid settles what was paid by hand and says what it left to Send; a processing Stripe payout is sent again, never marked', async () => {
    const { run } = await import('./testing.ts')
    const [carol] = run(1).payouts
    const dave = { ...carol!, id: 'po_1d', partnerId: 'prt_2', method: 'stripe_connect', destination: 'acct_dave', provider: 'stripe_connect' as const }
    const mixed = run(1, { payouts: [carol!, dave] })
    const processing = run(2, { payouts: [{ ...dave, id: 'po_2', runId: 'run_2', status: 'processing', failureReason: 'Stripe: timeout' }] })
    const paidAt = '2026-11-02T00:00:00.000Z'
    open(
      'Payouts',
      consoleRoutes({
        [`GET ${API}/payout-runs`]: { data: [processing, mixed], nextCursor: null },
        // The server marks Carol's payout (manual) and leaves Dave's (Stripe Connect) pending: the run stays created.
        [`POST ${API}/payout-runs/run_1/mark-paid`]: { ...mixed, payouts: [{ ...carol!, status: 'paid', paidAt }, dave] },
        [`POST ${API}/payout-runs/run_2/send`]: { ...processing, status: 'paid', paidAt, payouts: [{ ...processing.payouts[0]!, status: 'paid', providerRef: 'tr_1', failureReason: null, paidAt }] },
      }),
    )
    await until(() => expect(view!.$$('article.item')).toHaveLength(2))
    const [second, first] = view!.$$('article.item')
    const buttons = (el: Element) => [...el.querySelectorAll('.acts button')].map((b) => b.textContent)
    // Only Stripe can settle a processing payout: Send again, no file, no Mark paid.
    expect(buttons(second!)).toEqual(['Send via Stripe'])
    expect(buttons(first!)).toEqual(['Export CSV', 'Mark paid', 'Send via Stripe'])
    byText(first!, 'button', 'Mark paid').click()
    await tick()
    expect(first!.querySelector('[role=group]')!.getAttribute('aria-label')).toBe(
      'Mark every payout of this run paid by hand (through the exported file) paid? Its Stripe Connect payout is left to Send via Stripe.',
    )
    byText(first!, 'button', 'Yes').click()
    await until(() => expect(view!.$$('article.item')[1]!.textContent).toContain('Payouts paid by hand marked paid. 1 Stripe Connect payout waits to be sent.'))
    const after = view!.$$('article.item')[1]!
    expect(after.querySelector('.badge')!.textContent).toBe('To pay')
    expect(buttons(after)).toEqual(['Send via Stripe'])
    byText(view!.$$('article.item')[0]!, 'button', 'Send via Stripe').click()
    await until(() => expect(view!.$$('article.item')[0]!.querySelector('.badge')!.textContent).toBe('Paid'))
    expect(view!.calls.filter((c) => c.method === 'POST').map((c) => c.path)).toEqual([`${API}/payout-runs/run_1/mark-paid`, `${API}/payout-runs/run_2/send`])
  })

  test('payouts: nobody can be paid: Run is disabled; a run the preview did not foresee answers nothing_to_pay, shown as a note', async () => {
    const { preview } = await import('./testing.ts')
    let payable = true
    open(
      'Payouts',
      consoleRoutes({
        [`GET ${API}/payout-runs/preview`]: () => (payable ? preview() : preview({ payees: [], skipped: [{ partnerId: 'prt_1', currency: 'USD', approvedMinor: 4_000, reason: 'below_minimum' }] })),
        // Meanwhile the partner's sale was refunded: by the time of the run, nobody is owed the minimum.
        [`POST ${API}/payout-runs`]: () => ((payable = false), apiError(422, 'nothing_to_pay', 'No partner can be paid now (1 below the minimum): no payout run was created')),
      }),
    )
    await until(() => expect(view!.text()).toContain('Next run: 1 partner will be paid ($60.00).'))
    byText(view!.root, 'button', 'Run payouts').click()
    await tick()
    byText(view!.root, 'button', 'Yes').click()
    await until(() => expect(view!.$('.note')!.textContent).toBe('Nobody could be paid, so no payout run was created.'))
    expect(view!.$('.note')!.classList.contains('err')).toBe(false)
    await until(() => expect(view!.text()).toContain('Next run: nobody can be paid now.Warning: 1 partner will be skipped:'))
    expect(view!.text()).toContain('Below the minimum')
    expect(byText<HTMLButtonElement>(view!.root, 'button', 'Run payouts').disabled).toBe(true)
    expect(view!.$$('article.item')).toHaveLength(1)
  })

  test('deals: approve a pending one; mark an approved one won with its sale', async () => {
    const { deal } = await import('./testing.ts')
    open(
      'Deals',
      consoleRoutes({
        [`GET ${API}/deals`]: ({ url }: { url: URL }) => ({ data: url.searchParams.get('status') === 'approved' ? [deal(2, { status: 'approved' })] : [deal(1)], nextCursor: null }),
        [`POST ${API}/deals/deal_1/approve`]: deal(1, { status: 'approved' }),
        [`POST ${API}/deals/deal_2/won`]: ({ body }: { body: unknown }) => ({ deal: deal(2, { status: 'won', invoiceId: (body as { invoiceId: string }).invoiceId }), sale: {}, commission: null }),
      }),
    )
    await until(() => expect(view!.$('article.item')?.textContent).toContain('Partner 1'))
    byText(view!.root, 'button', 'Approve').click()
    await until(() => expect(view!.text()).toContain('Approved the deal for Globex 1.'))
    expect(view!.$$('article.item')).toHaveLength(0)
    choose(view!.$<HTMLSelectElement>('#dl-s')!, 'approved')
    await until(() => expect(view!.$('article.item')?.textContent).toContain('Globex 2'))
    byText(view!.root, 'button', 'Mark won').click()
    await tick()
    type(view!.$<HTMLInputElement>('#dw-ideal_2')!, 'in_77')
    // Refused, not rounded, then read with its thousands separator as the console shows amounts
    type(view!.$<HTMLInputElement>('#dw-adeal_2')!, '12,000.505')
    await tick()
    view!.$('article.item form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.$('#dw-adeal_2-e')?.textContent).toBe('USD has 2 decimals.'))
    expect(view!.calls.some((c) => c.path.endsWith('/won'))).toBe(false)
    type(view!.$<HTMLInputElement>('#dw-adeal_2')!, '12,000.50')
    await tick()
    view!.$('article.item form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(view!.text()).toContain('Globex 2 won'))
    expect(view!.calls.at(-1)!.body).toEqual({ invoiceId: 'in_77', amountMinor: 1_200_050, currency: 'USD' })
  })
})

describe('tokens', () => {
  const guarded = (expired: Set<string>, routes = consoleRoutes()): Routes =>
    Object.fromEntries(
      Object.entries(routes).map(([k, route]) => [
        k,
        (req: { token: string }) =>
          expired.has(req.token) ? apiError(401, 'token_expired') : !req.token.startsWith('ct_') ? apiError(401, 'unauthorized') : typeof route === 'function' ? (route as Function)(req) : route,
      ]),
    )

  test('an expired token is swapped through onTokenExpired, once for all calls, and the calls retried', async () => {
    const onTokenExpired = vi.fn(async () => 'ct_new')
    view = render(guarded(new Set(['ct_test'])), { onTokenExpired })
    await until(() => expect(view!.$('[data-stat=clicks]')?.textContent).toBe('4,321'))
    expect(onTokenExpired).toHaveBeenCalledTimes(1)
    expect(view.$('[role=alert]')).toBeNull()
  })

  test('expired with nobody to ask: a clear state; a new token loads again', async () => {
    view = render(guarded(new Set(['ct_test'])))
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('Your session has expired.'))
    expect(view.$$('[role=tab]')).toHaveLength(0)
    view.handle.setToken('ct_fresh')
    await until(() => expect(view!.$('[data-stat=clicks]')?.textContent).toBe('4,321'))
  })

  test('a forged token: "not valid"', async () => {
    view = render(guarded(new Set()), { token: 'forged' })
    await until(() => expect(view!.$('[role=alert]')?.textContent).toContain('This console link is not valid.'))
  })
})

describe('embedding', () => {
  test('shadow root with the theme; messages can be replaced; unmount empties it', async () => {
    view = render(consoleRoutes(), { theme: { mode: 'dark', accent: '#0a7' }, messages: { 'tab.partners': 'Affiliates' } })
    expect(view.$('.root')!.dataset.theme).toBe('dark')
    expect(view.$('.root')!.style.getPropertyValue('--afflio-accent')).toBe('#0a7')
    // Adopted, not a <style> element (a host's CSP without 'unsafe-inline' would block that)
    expect(view.root.adoptedStyleSheets.flatMap((s) => [...s.cssRules].map((r) => r.cssText.replace(/\s/g, ''))).some((r) => r.startsWith('.bulk{'))).toBe(true)
    expect(view.$$('[role=tab]')[3]!.textContent).toBe('Affiliates')
    view.handle.unmount()
    expect(view.root.childNodes).toHaveLength(0)
  })

  test('<afflio-console> mounts from its attributes and asks the page for a token', async () => {
    const { fakeApi } = await import('./testing.ts')
    await import('./element.ts')
    const expired = new Set(['ct_old'])
    const api = fakeApi(
      Object.fromEntries(Object.entries(consoleRoutes()).map(([k, r]) => [k, (req: { token: string }) => (expired.has(req.token) ? apiError(401, 'token_expired') : r)])),
    )
    const real = globalThis.fetch
    globalThis.fetch = api.fetch as typeof fetch
    try {
      const el = document.createElement('afflio-console')
      el.setAttribute('api', 'https://afflio.test')
      el.setAttribute('token', 'ct_old')
      el.setAttribute('locale', 'en-US')
      const listener = (e: Event) => (e as CustomEvent<{ provide(t: string): void }>).detail.provide('ct_new')
      document.addEventListener('afflio:token-expired', listener)
      document.body.append(el)
      await until(() => expect(el.shadowRoot?.querySelector('[data-stat=clicks]')?.textContent).toBe('4,321'))
      expect(api.calls.some((c) => c.token === 'ct_new')).toBe(true)
      document.removeEventListener('afflio:token-expired', listener)
      el.remove()
      expect(el.shadowRoot!.childNodes).toHaveLength(0)
    } finally {
      globalThis.fetch = real
    }
  })
})

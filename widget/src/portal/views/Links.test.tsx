import { afterEach, describe, expect, test, vi } from 'vitest'
import { apiError, byText, defaultRoutes, link, linkStats, me, render, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => {
  view?.cleanup()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

function open(routes = defaultRoutes()) {
  view = render(routes)
  byText(view.root, '[role=tab]', 'Links').click()
  return view
}

const labelled = (label: string) => view!.$$('button').find((b) => b.getAttribute('aria-label') === label)!

const type = (input: HTMLInputElement, value: string) => {
  input.value = value
  input.dispatchEvent(new Event('input'))
}

describe('Links', () => {
  test('each link with its full share URL and stats', async () => {
    const v = open()
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    expect(v.$$('.url').map((e) => e.textContent)).toEqual(['https://acme.example/?ref=ADA1', 'https://acme.example/?ref=ADA2'])
    expect(v.$$('.link .stats')[1]!.textContent).toBe('Clicks 20 · Leads 2 · Sales 1')
  })

  test('a partner with many links sees them a page at a time: "Load more" appends the next, in order, none twice, and a new link goes on top', async () => {
    const asked: string[] = []
    const pages: Record<string, unknown> = {
      '?limit=25': { data: Array.from({ length: 25 }, (_, i) => link(1000 - i)), nextCursor: 'lnk_976' },
      '?limit=25&cursor=lnk_976': { data: Array.from({ length: 25 }, (_, i) => link(975 - i)), nextCursor: 'lnk_951' },
    }
    const v = open(
      defaultRoutes({
        'GET /v1/portal/links': ({ url }: { url: URL }) => (asked.push(url.search), pages[url.search]),
        'POST /v1/portal/links': () => link(1001),
      }),
    )
    await until(() => expect(v.$$('.link')).toHaveLength(25))
    expect(asked).toEqual(['?limit=25'])
    byText(v.root, 'button', 'Load more').click()
    await until(() => expect(v.$$('.link')).toHaveLength(50))
    const codes = v.$$('.url').map((e) => e.textContent!.split('ref=')[1])
    expect(codes).toEqual(Array.from({ length: 50 }, (_, i) => `ADA${1000 - i}`))
    expect(asked).toEqual(['?limit=25', '?limit=25&cursor=lnk_976'])
    byText(v.root, 'button', 'Create link').click()
    await until(() => expect(v.$$('.link')).toHaveLength(51))
    expect(v.$('.url')!.textContent).toContain('ref=ADA1001')
  })

  test('says what the partner’s referrals get, when the program or its group offers a reward', async () => {
    const reward = { kind: 'percent', percentOffBps: 2000, label: '20% off', partnerName: 'Ada' } as const
    const v = open(defaultRoutes({ 'GET /v1/portal/me': { ...me, referralReward: reward } }))
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    expect(v.root.textContent).toContain('Your referrals get 20% off')
  })

  test('no reward, no line', async () => {
    const v = open()
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    expect(v.root.textContent).not.toContain('Your referrals get')
  })

  test('a link without a server URL is built on the host page’s origin', async () => {
    const v = open(defaultRoutes({ 'GET /v1/portal/links': { data: [link(1, { url: null, code: 'A B' })], nextCursor: null } }))
    await until(() => expect(v.$('.url')?.textContent).toBe(`${location.origin}/?ref=A%20B`))
  })

  test('a sub-id is added to the URL; copy puts that URL on the clipboard and says so', async () => {
    const writeText = vi.fn(async () => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const v = open()
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    const sub = v.$<HTMLInputElement>('#sub-lnk_1')!
    expect(v.root.querySelector(`label[for="sub-lnk_1"]`)!.textContent).toBe('Sub-id (optional)')
    type(sub, 'newsletter')
    await until(() => expect(v.$('.url')!.textContent).toBe('https://acme.example/?ref=ADA1&sub=newsletter'))
    const copy = v.$$('button').find((b) => b.getAttribute('aria-label') === 'Copy link ADA1')!
    copy.click()
    await until(() => expect(writeText).toHaveBeenCalledWith('https://acme.example/?ref=ADA1&sub=newsletter'))
    const live = v.$$('[aria-live=polite]')[0]!
    await until(() => expect(live.textContent).toBe('Link copied to the clipboard.'))
  })

  test('copy falls back to execCommand when the Clipboard API is refused', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: () => Promise.reject(new Error('denied')) } })
    let copied = ''
    const exec = vi.fn((command: string) => {
      const area = view!.root.querySelector('textarea')!
      copied = area.value
      return command === 'copy'
    })
    Object.assign(document, { execCommand: exec })
    const v = open()
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    labelled('Copy link ADA2').click()
    await until(() => expect(v.$$('[aria-live=polite]')[0]!.textContent).toBe('Link copied to the clipboard.'))
    expect(copied).toBe('https://acme.example/?ref=ADA2')
    expect(v.root.querySelector('textarea')).toBeNull()
    exec.mockReturnValue(false)
    labelled('Copy link ADA2').click()
    await until(() => expect(v.$$('[aria-live=polite]')[0]!.textContent).toBe('Could not copy. Select the link and copy it yourself.'))
  })

  test('empty and error states', async () => {
    let v = open(defaultRoutes({ 'GET /v1/portal/links': { data: [], nextCursor: null } }))
    await until(() => expect(v.text()).toContain('You have no links yet.'))
    v.cleanup()
    v = open(defaultRoutes({ 'GET /v1/portal/links': apiError(500, 'internal') }))
    await until(() => expect(v.$('[role=alert]')?.textContent).toContain('Something went wrong'))
  })

  test('create a link to a page, with a code; it appears first', async () => {
    const created = link(3, { code: 'SPRING', destinationUrl: 'https://acme.example/pricing', url: 'https://acme.example/pricing?ref=SPRING' })
    const v = open(defaultRoutes({ 'POST /v1/portal/links': created }))
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    expect(v.root.querySelector('label[for="new-dest"]')!.textContent).toBe('Page on the site (optional)')
    type(v.$<HTMLInputElement>('#new-dest')!, 'https://acme.example/pricing')
    type(v.$<HTMLInputElement>('#new-code')!, 'SPRING')
    v.$('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(v.$$('.link')).toHaveLength(3))
    expect(v.calls.at(-1)).toMatchObject({ method: 'POST', path: '/v1/portal/links', body: { destinationUrl: 'https://acme.example/pricing', code: 'SPRING' } })
    expect(v.$('.url')!.textContent).toBe('https://acme.example/pricing?ref=SPRING')
    await until(() => expect(v.$('form [role=status]')!.textContent).toBe('Link created.'))
    expect(v.$<HTMLInputElement>('#new-code')!.value).toBe('')
  })

  test("a page typed as a path is a page of the program's site, whose host the hint names", async () => {
    const v = open(defaultRoutes({ 'GET /v1/portal/me': { ...me, program: { ...me.program, siteUrl: 'https://www.acme.example/shop' } }, 'POST /v1/portal/links': link(3, { code: 'PRICE' }) }))
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    await until(() => expect(v.$('#new-dest-h')?.textContent).toBe('A page on acme.example or its subdomains, such as /pricing. Leave empty to link to https://www.acme.example/shop.'))
    type(v.$<HTMLInputElement>('#new-dest')!, '/pricing?plan=pro')
    v.$('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(v.calls.at(-1)).toMatchObject({ method: 'POST', body: { destinationUrl: 'https://www.acme.example/pricing?plan=pro' } }))
  })

  test('while the program has no site URL, no page is asked for: a new link goes to the site', async () => {
    const v = open(defaultRoutes({ 'GET /v1/portal/me': { ...me, program: { ...me.program, siteUrl: null } }, 'POST /v1/portal/links': link(3, { code: 'NEXT', url: null }) }))
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    await until(() => expect(v.text()).toContain('Choosing a page of it becomes possible once the program has set its site address.'))
    expect(v.$('#new-dest')).toBeNull()
    type(v.$<HTMLInputElement>('#new-code')!, 'NEXT')
    v.$('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await until(() => expect(v.calls.at(-1)).toMatchObject({ method: 'POST', path: '/v1/portal/links', body: { code: 'NEXT' } }))
    expect(v.calls.at(-1)!.body).not.toHaveProperty('destinationUrl')
  })

  test('the form checks its fields, then shows the server’s errors on them', async () => {
    let reply = apiError(409, 'conflict', 'Code SPRING is taken')
    const v = open(defaultRoutes({ 'POST /v1/portal/links': () => reply }))
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    const submit = () => v.$('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    type(v.$<HTMLInputElement>('#new-dest')!, 'pricing')
    type(v.$<HTMLInputElement>('#new-code')!, 'x')
    submit()
    await until(() => expect(v.$('#new-dest-e')?.textContent).toBe('Enter a page such as /pricing, or a full address starting with https://'))
    expect(v.$('#new-code-e')!.textContent).toBe('Use 2 to 64 letters, digits, _ or -.')
    expect(v.$('#new-code')!.getAttribute('aria-invalid')).toBe('true')
    expect(v.$('#new-code')!.getAttribute('aria-describedby')).toBe('new-code-h new-code-e')
    expect(v.calls.filter((c) => c.method === 'POST')).toHaveLength(0)

    type(v.$<HTMLInputElement>('#new-dest')!, '')
    type(v.$<HTMLInputElement>('#new-code')!, 'SPRING')
    submit()
    await until(() => expect(v.$('#new-code-e')?.textContent).toBe('That code is taken. Try another.'))

    // The server's words as it sends them, under the page's field without the field's name (as the profile's)
    reply = apiError(400, 'invalid_request', "destinationUrl: must be a page of the program's site: on acme.example or its subdomains", 'destinationUrl')
    type(v.$<HTMLInputElement>('#new-dest')!, 'https://evil.example/')
    submit()
    await until(() => expect(v.$('#new-dest-e')?.textContent).toBe("must be a page of the program's site: on acme.example or its subdomains"))
    expect(v.$('#new-code-e')).toBeNull()
  })

  test("a link's stats: the period's totals, a daily chart of the chosen series, and where the clicks came from", async () => {
    const v = open(defaultRoutes({ 'GET /v1/portal/links/lnk_1/stats': linkStats() }))
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    const toggle = labelled('Stats for link ADA1')
    expect([toggle.textContent, toggle.getAttribute('aria-expanded')]).toEqual(['Stats', 'false'])
    // Closed, the panel is not there: nothing for aria-controls to name
    expect(toggle.hasAttribute('aria-controls')).toBe(false)
    expect(labelled('QR code for link ADA1').hasAttribute('aria-controls')).toBe(false)
    toggle.click()
    const panel = () => v.$('#stats-lnk_1')
    await until(() => expect(panel()?.querySelector('[data-totals]')?.textContent).toBe('Last 3 days: Clicks 35 · Leads 3 · Sales 2 · Earnings $60.00'))
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    expect(toggle.getAttribute('aria-controls')).toBe('stats-lnk_1')
    expect(v.calls.filter((c) => c.path.endsWith('/stats')).map((c) => c.path)).toEqual(['/v1/portal/links/lnk_1/stats'])
    const chart = panel()!.querySelector('svg')!
    expect(panel()!.querySelector('.chart caption')!.textContent).toBe('Clicks per day, Oct 30 to Nov 1')
    expect([...chart.querySelectorAll('rect title')].map((t) => t.textContent)).toEqual(['Oct 30: 10', 'Oct 31: 20', 'Nov 1: 5'])
    byText(panel()!, 'button', 'Earnings').click()
    await until(() => expect([...chart.querySelectorAll('rect title')].map((t) => t.textContent)).toEqual(['Oct 30: $0.00', 'Oct 31: $20.00', 'Nov 1: $40.00']))
    byText(panel()!, 'button', 'Leads').click()
    await until(() => expect(panel()!.querySelector('.chart caption')!.textContent).toBe('Leads per day, Oct 30 to Nov 1'))

    const tables = [...panel()!.querySelectorAll(':not(.chart) > .tw table')].map((t) => [...t.querySelectorAll('tr')].map((r) => [...r.children].map((c) => c.textContent)))
    expect(tables).toEqual([
      [['Sub-id', 'Clicks', 'Leads', 'Sales'], ['newsletter', '20', '2', '2'], ['No sub-id', '10', '1', '0'], ['Other', '5', '0', '0']],
      [['Site', 'Clicks', 'Leads', 'Sales'], ['blog.example', '25', '3', '2'], ['Direct or unknown', '10', '0', '0']],
    ])
    expect([...panel()!.querySelectorAll('h4')].map((h) => h.textContent)).toEqual(['By sub-id', 'By referring site'])

    toggle.click()
    await until(() => expect(panel()).toBeNull())
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(toggle.hasAttribute('aria-controls')).toBe(false)
  })

  test("a link's QR code: the server's SVG for the URL shown, sub-id included, inline and as a download", async () => {
    const svg = (text: string) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 29 29" data-query="${text.replace(/&/g, '&amp;')}"><path d="M0 0h1v1h-1z"/></svg>`
    const v = open(defaultRoutes({ 'GET /v1/portal/links/lnk_1/qr.svg': ({ url }: { url: URL }) => new Response(svg(url.search), { headers: { 'content-type': 'image/svg+xml' } }) }))
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    const toggle = labelled('QR code for link ADA1')
    toggle.click()
    await until(() => expect(toggle.getAttribute('aria-controls')).toBe('qr-lnk_1'))
    expect(v.$('#qr-lnk_1')).not.toBeNull()
    const code = () => v.$('#qr-lnk_1 [role=img]')
    const query = () => code()?.querySelector('svg')?.getAttribute('data-query')
    await until(() => expect(query()).toBeTruthy())
    expect(code()!.getAttribute('aria-label')).toBe('QR code for link ADA1')
    const origin = encodeURIComponent(location.origin)
    expect(query()).toBe(`?sub=&origin=${origin}`)
    const download = byText(v.$('#qr-lnk_1')!, 'a', 'Download SVG') as HTMLAnchorElement
    expect(download.getAttribute('download')).toBe('ADA1.svg')
    expect(decodeURIComponent(download.getAttribute('href')!.replace('data:image/svg+xml,', ''))).toBe(svg(`?sub=&origin=${origin}`))

    // A sub-id typed: once typing pauses, one more request, for the URL now shown.
    type(v.$<HTMLInputElement>('#sub-lnk_1')!, 'news')
    type(v.$<HTMLInputElement>('#sub-lnk_1')!, 'newsletter')
    await until(() => expect(query()).toBe(`?sub=newsletter&origin=${origin}`))
    expect(v.calls.filter((c) => c.path.endsWith('/qr.svg')).map((c) => new URLSearchParams(c.query).get('sub'))).toEqual(['', 'newsletter'])
  })

  const zero = { clicks: 0, leads: 0, sales: 0 }
  test.each([
    ['stats', 'Stats for link ADA2', () => linkStats({ linkId: 'lnk_2', ...zero, revenueMinor: 0, earningsMinor: 0, series: [], subIds: [], referrers: [] }), 'No activity in this period yet.'],
    ['qr', 'QR code for link ADA2', () => new Response('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'Download SVG'], // the code has no text
  ])("a link's %s panel: a failure with retry, then the answer (stats without activity)", async (panel, label, answer, shown) => {
    let reply: object = apiError(500, 'internal')
    const v = open(defaultRoutes({ [`GET /v1/portal/links/lnk_2/${panel === 'qr' ? 'qr.svg' : panel}`]: () => reply }))
    await until(() => expect(v.$$('.link')).toHaveLength(2))
    labelled(label).click()
    await until(() => expect(v.$(`#${panel}-lnk_2 [role=alert]`)?.textContent).toContain('Something went wrong'))
    reply = answer()
    byText(v.$(`#${panel}-lnk_2`)!, 'button', 'Try again').click()
    await until(() => expect(v.$(`#${panel}-lnk_2`)?.textContent).toBe(shown))
  })
})

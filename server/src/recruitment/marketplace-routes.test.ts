// The marketplace on a real database: a program's listing through the SDK, the public directory
// (visibility, category filter, case-insensitive search, pages) and the HTML pages, which must
// escape whatever a program wrote.
import { Afflio, AfflioApiError, type PublicListing } from '@afflio/sdk'
import { listMarketplace } from '@afflio/sdk/browser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, dialects, type TestContext } from '../testing.ts'

describe.each(dialects)('the marketplace on %s', (dialect) => {
  let ctx: TestContext
  let ip = 0
  const fetchApp: typeof fetch = async (input, init) =>
    ctx.app.request(input as string, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-forwarded-for': `192.0.2.${++ip % 250}` } })
  const sdk = (secretKey: string) => new Afflio({ secretKey, baseUrl: 'http://afflio.test', fetch: fetchApp, maxRetries: 0 })
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AfflioApiError)
  const get = (path: string) => fetchApp(`http://afflio.test${path}`)
  const directory = async (query: string) => ((await (await get(`/v1/marketplace${query}`)).json()) as { data: PublicListing[]; nextCursor: string | null })

  async function program(name: string, listing: Parameters<Afflio['marketplace']['update']>[0] | null, input = {}) {
    const keys = await ctx.createProgram({ name, ...input })
    const afflio = sdk(keys.secretKey)
    if (listing) await afflio.marketplace.update(listing)
    return afflio
  }

  beforeAll(async () => {
    ctx = await createTestContext({ dialect, rateLimit: { trustProxy: true } })
  })
  afterAll(() => ctx.close())

  it('starts unlisted, with the commission summary derived from the default and rules', async () => {
    const afflio = await program('Quill', null, { defaultCommission: { type: 'percent', rateBps: 2500 } })
    expect(await afflio.marketplace.get()).toEqual({
      listed: false,
      slug: null,
      name: 'Quill',
      description: null,
      category: null,
      logoUrl: null,
      websiteUrl: null,
      commissionSummary: '25% of every sale, recurring',
      commissionSummaryOverride: null,
      updatedAt: null,
    })
    await afflio.rules.create({ name: 'Signup bounty', event: 'lead', type: 'flat', value: 300 })
    const saved = await afflio.marketplace.update({ listed: true, slug: 'Quill', description: 'Notes that write back', category: 'saas', logoUrl: 'https://quill.test/logo.png' })
    expect(saved).toMatchObject({ listed: true, slug: 'quill', commissionSummary: '25% of every sale, recurring; 3.00 USD per signup', updatedAt: ctx.clock.now().toISOString() })
    const overridden = await afflio.marketplace.update({ listed: true, slug: 'quill', description: 'Notes that write back', category: 'saas', commissionSummary: '30% for life' })
    expect(overridden).toMatchObject({ commissionSummary: '30% for life', commissionSummaryOverride: '30% for life' })
    expect(await (await get('/v1/marketplace/quill')).json()).toMatchObject({ slug: 'quill', name: 'Quill', commissionSummary: '30% for life', acceptingApplications: true })
  })

  it('refuses a bad listing', async () => {
    const afflio = await program('Reed', null)
    const bad: unknown[] = [
      { listed: true, slug: 'reed' }, // listed without a description
      { listed: true, slug: 'reed', description: 'Hi' }, // nor a category
      { listed: false, slug: 're' },
      { listed: false, slug: 'reed shop' },
      { listed: false, slug: 'reed', category: 'crypto' },
      { listed: false, slug: 'reed', logoUrl: 'javascript:alert(1)' },
      { listed: false, slug: 'reed', websiteUrl: 'ftp://reed.test' },
      { listed: false, slug: 'reed', surprise: 1 },
    ]
    for (const input of bad) expect((await failure(afflio.marketplace.update(input as never)))?.status).toBe(400)
    expect((await afflio.marketplace.get()).slug).toBeNull()
  })

  it('lists only listed programs, filters by category and searches name and description ignoring case', async () => {
    await program('Zephyr Analytics', { listed: true, slug: 'zephyr', description: 'Dashboards for SHOPS', category: 'saas' })
    await program('Yarrow', { listed: true, slug: 'yarrow', description: 'Herbal shop_ and 100% organic', category: 'ecommerce' })
    await program('Xylo', { listed: false, slug: 'xylo', description: 'Hidden shop', category: 'saas' })
    const all = (await directory('?limit=100')).data.map((l) => l.slug)
    expect(all).toEqual(expect.arrayContaining(['zephyr', 'yarrow']))
    expect(all).not.toContain('xylo')
    expect((await get('/v1/marketplace/xylo')).status).toBe(404)
    expect((await get('/v1/marketplace/nobody')).status).toBe(404)

    expect((await directory('?category=ecommerce')).data.map((l) => l.slug)).toEqual(['yarrow'])
    expect((await directory('?q=zEPHYR')).data.map((l) => l.slug)).toEqual(['zephyr'])
    expect((await directory('?q=shops')).data.map((l) => l.slug)).toEqual(['zephyr'])
    expect((await directory('?q=shop&category=saas')).data.map((l) => l.slug)).toEqual(['zephyr'])
    // LIKE's wildcards are literal in a search.
    expect((await directory('?q=100%25')).data.map((l) => l.slug)).toEqual(['yarrow'])
    expect((await directory('?q=p_')).data.map((l) => l.slug)).toEqual(['yarrow'])
    expect((await get('/v1/marketplace?category=crypto')).status).toBe(400)
    // Any letter's case, on SQLite as on Postgres.
    await program('Élan Öko', { listed: true, slug: 'elan', description: 'Über gut', category: 'health' })
    for (const q of ['Élan', 'élan', 'ÉLAN', 'Über', 'über', 'ÜBER', 'ÖKO', 'öko']) expect((await directory(`?q=${encodeURIComponent(q)}`)).data.map((l) => l.slug), q).toEqual(['elan'])

    const res = await get('/v1/marketplace')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('pages through the directory, newest program first', async () => {
    for (const n of [1, 2, 3]) {
      ctx.clock.advanceDays(1) // ids sort by creation time
      await program(`Pager ${n}`, { listed: true, slug: `pager-${n}`, description: 'paging', category: 'media' })
    }
    const first = await listMarketplace('http://afflio.test', { category: 'media', limit: 2 }, { fetch: fetchApp })
    expect(first.data.map((l) => l.slug)).toEqual(['pager-3', 'pager-2'])
    const second = await listMarketplace('http://afflio.test', { category: 'media', limit: 2, cursor: first.nextCursor! }, { fetch: fetchApp })
    expect(second).toEqual({ data: [expect.objectContaining({ slug: 'pager-1' })], nextCursor: null })
  })

  it('renders pages that escape hostile names, descriptions, questions and URLs', async () => {
    const evil = '<script>alert(1)</script>'
    const afflio = await program(evil, { listed: true, slug: 'evil', description: `"><img src=x onerror=alert(2)>`, category: 'other', websiteUrl: 'https://evil.test/?a="onmouseover=alert(3)' })
    await afflio.applications.form.update({
      questions: [
        { id: 'q1', label: '</label><script>alert(4)</script>', type: 'select', options: ['<b>bold</b>', `it's "quoted"`] },
        { id: 'q2', label: 'Agree <i>now</i>', type: 'checkbox', required: true },
      ],
    })
    for (const path of ['/marketplace', '/marketplace?q=%3Cscript%3E', '/marketplace/evil']) {
      const res = await get(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('text/html')
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
      const html = await res.text()
      expect(html).not.toContain('<script>')
      expect(html).not.toContain('<img src=x')
      expect(html).not.toContain('<b>bold')
      expect(html).not.toContain('"onmouseover')
      if (path === '/marketplace/evil') {
        expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
        expect(html).toContain('&lt;/label&gt;&lt;script&gt;alert(4)')
        expect(html).toContain('it&#39;s &quot;quoted&quot;')
        expect(html).toContain('action="../v1/programs/evil/applications"')
        expect(html).toContain('name="check.q2"')
      }
    }
    const searched = await (await get('/marketplace?q=%3Cscript%3E')).text()
    expect(searched).toContain('value="&lt;script&gt;"')
  })

  it('shows the page states: applied, closed, unknown', async () => {
    const afflio = await program('Wisp', { listed: true, slug: 'wisp', description: 'Wisp', category: 'travel' })
    expect(await (await get('/marketplace/wisp?applied=pending')).text()).toContain('your application was received')
    await afflio.applications.form.update({ acceptingApplications: false, questions: [] })
    const closed = await (await get('/marketplace/wisp')).text()
    expect(closed).toContain('not taking applications')
    expect(closed).not.toContain('<form method="post"')
    const missing = await get('/marketplace/nope')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toContain('text/html')
    expect((await get('/marketplace?category=travel')).status).toBe(200)
    expect(await (await get('/marketplace?category=&q=')).text()).toContain('Wisp')
  })
})

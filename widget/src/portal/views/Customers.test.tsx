import { afterEach, describe, expect, test } from 'vitest'
import { byText, defaultRoutes, render, until } from '../testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())

const at = '2026-10-31T12:00:00.000Z'
const customer = (n: number, over = {}) => ({ id: `cus_${n}`, email: `c•••@example.com`, status: 'customer', sales: 2, revenue: [{ amountMinor: 12_500, currency: 'USD' }, { amountMinor: 3_000, currency: 'EUR' }], firstPurchaseAt: at, lastPurchaseAt: at, createdAt: at, ...over })
const rows = () => view!.$$('tbody tr').map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))

describe('Customers', () => {
  test('masked address, status, sales, revenue per currency and purchase dates; "Load more" fetches the next page', async () => {
    const pages: Record<string, unknown> = {
      '': { data: [customer(1), customer(2, { email: null, status: 'lead', sales: 0, revenue: [], firstPurchaseAt: null, lastPurchaseAt: null })], nextCursor: 'cus_2' },
      '?cursor=cus_2': { data: [customer(3, { status: 'refunded', revenue: [] })], nextCursor: null },
    }
    view = render(defaultRoutes({ 'GET /v1/portal/customers': ({ url }: { url: URL }) => pages[url.search] }))
    byText(view.root, '[role=tab]', 'Customers').click()
    await until(() => expect(rows()).toHaveLength(2))
    expect(view.$$('th').map((th) => th.textContent)).toEqual(['Customer', 'Status', 'Sales', 'Revenue', 'First purchase', 'Last purchase'])
    expect(rows()[0]).toEqual(['c•••@example.com', 'Paying', '2', '$125.00, €30.00', 'Oct 31, 2026', 'Oct 31, 2026'])
    expect(rows()[1]).toEqual(['—', 'Signed up', '0', '—', '—', '—'])
    byText(view.root, 'button', 'Load more').click()
    await until(() => expect(rows()).toHaveLength(3))
    expect(rows()[2]!.slice(1, 4)).toEqual(['Refunded', '2', '—'])
    expect(view.text()).not.toContain('Load more')
  })

  test('none yet', async () => {
    view = render(defaultRoutes())
    byText(view.root, '[role=tab]', 'Customers').click()
    await until(() => expect(view!.text()).toContain('No referred customers yet.'))
  })
})

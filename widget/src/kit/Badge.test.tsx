// kit/Badge.tsx: the one status pill of every widget (its colour class, the widget's message for it).
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { render } from 'preact'
import { expect, test } from 'vitest'
import { CustomerTable } from '../customer-table.tsx'
import { Badge } from './Badge.tsx'
import { WidgetContext } from './context.ts'

const words: Record<string, string> = { 'deal.won': 'Won', 'customer.customer': 'Paying', 'customer.lead': 'Signed up', status: 'Status', customer: 'Customer' }
const t = (key: string) => words[key] ?? key

function html(app: preact.VNode) {
  const root = document.createElement('div')
  render(<WidgetContext.Provider value={{ t, locale: 'en-US', stores: {} }}>{app}</WidgetContext.Provider>, root)
  return root
}

test('a pill with the class of its value and the widget’s `kind.value` message', () => {
  expect(html(<Badge kind="deal" value="won" />).innerHTML).toBe('<span class="badge b-won">Won</span>')
})

test('the customers table shows a customer’s status as that pill', () => {
  const row = { id: 'cus_1', email: 'a@x.test', status: 'lead' as const, sales: 0, revenue: [], firstPurchaseAt: null, lastPurchaseAt: null }
  const root = html(<CustomerTable rows={[row]} t={t} locale="en-US" caption="Customers" />)
  expect(root.querySelectorAll('tbody td')[1]!.innerHTML).toBe('<span class="badge b-lead">Signed up</span>')
})

test('no component writes a status pill of its own (`badge b-${…}`): they use Badge', () => {
  const src = join(dirname(fileURLToPath(import.meta.url)), '..')
  const own = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && f !== join('kit', 'Badge.tsx'))
    .filter((f) => /badge b-\$\{/.test(readFileSync(join(src, f), 'utf8')))
  expect(own).toEqual([])
})

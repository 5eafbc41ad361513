// Conversion throughput: Afflio's POST /v1/track/sale, a fresh invoice each, against the bare Hono 204 route
// (bench/ratio.ts says how, and which env it reads). Each sale names a click of one of 100 partners, so it
// goes the whole way: attribution, the program's 10% rule, a commission and the 'sale.credited' outbox
// event, whose reactions run after the commit. The check: every 201 is a stored sale, none is stored that
// was not answered, and every invoice has exactly one commission.
import { count, runRatioBench } from './ratio.ts'

const run = Date.now().toString(36)

await runRatioBench({
  scenario: 'sales',
  ok: (s) => s === 201,
  request: (n, fixture) => {
    const body = JSON.stringify({ invoiceId: `inv_${run}_${n}`, amountMinor: 1000 + (n % 9000), currency: 'USD', clickId: fixture.clickIds[n % fixture.clickIds.length] })
    return { path: '/v1/track/sale', headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.key}` }, body }
  },
  check: (afflio, { rows }) => {
    const created = count(afflio, 201)
    console.log(`sales rows: ${rows.sales} (201 responses incl. warm-up: ${created}); commissions ${rows.commissions}; invoices without exactly one commission: ${rows.notOneCommission}; sale.credited events ${rows.events}`)
    return rows.sales === created && rows.commissions === created && rows.notOneCommission === 0 && rows.events === created
  },
})

// A run's manual payouts as the batch files PayPal Payouts and Wise take.
import type { ExportPayoutRunQuery } from '@afflio/sdk/types'
import { stringify } from 'csv-stringify/sync'
import type { Db } from '../kernel/db/connect.ts'
import { isValidIban, looksLikeIban } from './payout-details.ts'
import { formatMinor } from '../kernel/money.ts'
import { badRequest, notFound } from '../kernel/http/errors.ts'
import { paypalAmount } from './paypal-units.ts'
import { findRun, payoutsForExport } from './queries.ts'
import { paidByHand } from './settled-by.ts'

export interface PayoutExport {
  filename: string
  csv: string
  /** payouts in the file */
  count: number
  /** payouts of the run (waiting, or paid for a copy) that the file does not carry: other providers and methods, other currencies, amounts the format cannot carry */
  excluded: number
}

// Text a spreadsheet would run as a formula loses its lead character (files get opened in Excel).
const plain = (s: string) => s.replace(/^[=+\-@\t\r]+/, '')

// Windows line ends; a cell holding a semicolon or a tab quoted, as one with a comma is: a spreadsheet that
// splits on those (Excel in much of Europe) would otherwise start a cell, maybe a formula, inside a name.
const CSV = { record_delimiter: 'windows', quoted_match: /[;\t]/ } as const

/** The reference shown to the partner: short enough for Wise's tightest limit (18 characters). */
const reference = (payoutId: string) => `AFFLIO ${payoutId.slice(-10).toUpperCase()}`

/**
 * Exports the run's payouts that wait to be paid by hand (provider manual, status pending: settled-by.ts), or with
 * `status: 'paid'` a copy of those already paid, read from the stored run (amounts and destinations as
 * they were paid; nothing is recomputed). A paid run's default file is empty, so it cannot pay twice.
 * Formats:
 * - `paypal`: PayPal Payouts web upload. No header; recipient email, amount, currency, our payout id
 *   as the unique item id, a note, wallet PAYPAL. One currency per file (PayPal's rule): pass
 *   `currency` when the run has several. Partners paid by PayPal only, with an amount PayPal can carry
 *   (paypal-units.ts: one of PayPal's currencies, whole units in HUF, JPY and TWD; any other payout is
 *   left out and counted in `excluded`).
 * - `wise`: Wise batch transfer template, header row; partners paid by Wise (to their email) and by
 *   bank transfer to an IBAN. The partner receives the exact amount (`amountCurrency` target).
 * Amounts are major units with a dot, formatted from minor units by integer arithmetic.
 */
export async function exportPayoutRun(db: Db, programId: string, runId: string, query: ExportPayoutRunQuery): Promise<PayoutExport> {
  const run = await findRun(db, programId, runId)
  if (!run) throw notFound(`Payout run ${runId}`)
  const status = query.status ?? 'pending'
  const asked = await payoutsForExport(db, programId, run.id, status)
  // Only payouts paid by hand go in a file; the rest of the run's (Stripe Connect ones: only sending pays
  // them) are counted among the excluded, so the headers account for every payout waiting.
  const payouts = asked.filter((p) => (status === 'paid' ? p.provider === 'manual' : paidByHand(p)))
  const excluded = (inFile: number) => asked.length - inFile
  // A copy of a paid file says so in its name
  const copy = status === 'paid' ? '-paid' : ''

  if (query.format === 'paypal') {
    let rows = payouts.flatMap((p) => {
      const amount = p.method === 'paypal' && p.destination ? paypalAmount(Number(p.amount_minor), p.currency) : null
      return amount === null ? [] : [{ ...p, amount }]
    })
    const currencies = [...new Set(rows.map((p) => p.currency))]
    if (query.currency) rows = rows.filter((p) => p.currency === query.currency)
    else if (currencies.length > 1) {
      throw badRequest(`PayPal takes one currency per file and this run has ${currencies.join(', ')}: pass currency`, 'currency')
    }
    const csv = stringify(
      rows.map((p) => [p.destination, p.amount, p.currency, p.id, 'Affiliate commission payout', 'PAYPAL']),
      CSV,
    )
    const suffix = query.currency ?? currencies[0]
    return { filename: `afflio-${run.id}-paypal${suffix ? `-${suffix.toLowerCase()}` : ''}${copy}.csv`, csv, count: rows.length, excluded: excluded(rows.length) }
  }

  const rows = payouts.filter(
    (p) => p.destination && (p.method === 'wise' || (p.method === 'bank' && looksLikeIban(p.destination) && isValidIban(p.destination))) && (!query.currency || p.currency === query.currency),
  )
  const csv = stringify(
    rows.map((p) => ({
      name: plain(p.name ?? p.email),
      recipientEmail: p.method === 'wise' ? p.destination : '',
      paymentReference: reference(p.id),
      receiverType: 'PERSON',
      amountCurrency: 'target',
      amount: formatMinor(Number(p.amount_minor), p.currency),
      sourceCurrency: p.currency,
      targetCurrency: p.currency,
      IBAN: p.method === 'bank' ? p.destination : '',
    })),
    {
      header: true,
      columns: ['name', 'recipientEmail', 'paymentReference', 'receiverType', 'amountCurrency', 'amount', 'sourceCurrency', 'targetCurrency', 'IBAN'],
      ...CSV,
    },
  )
  // One currency asked for: named after it, as PayPal's files are, so two currencies' files do not share a name.
  const currency = query.currency ? `-${query.currency.toLowerCase()}` : ''
  return { filename: `afflio-${run.id}-wise${currency}${copy}.csv`, csv, count: rows.length, excluded: excluded(rows.length) }
}

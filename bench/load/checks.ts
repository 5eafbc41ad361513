// What must hold after the load, read back through the public API: nothing failed on the server's side,
// each acknowledged conversion is stored once and earned what the rules say, each webhook event and email
// arrived once, and no commission is paid twice. Each check is one PASS/FAIL line.
import type { Commission, CustomerSummary, Newsletter, NewsletterRecipient, Partner, PartnerBalance, PayoutRun, PortalOverview, Sale, WebhookDelivery } from '../../sdk/src/types.ts'
import type { LoadClient } from './client.ts'
import type { Fixture } from './fixture.ts'
import type { Sinks } from './sinks.ts'
import type { Workload } from './workload.ts'

export interface Check {
  name: string
  problems: string[]
}

/** Half away from zero, exact on integers: what the server's rounding promises (kernel/money.ts). */
function roundDiv(numerator: number, denominator: number): number {
  const q = Math.floor((2 * Math.abs(numerator) + denominator) / (2 * denominator))
  return Math.sign(numerator) * q
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

/** Statuses a commission counts in (the rest, reversed and fraud, count nowhere). */
const COUNTS = new Set(['pending', 'approved', 'in_payout', 'paid', 'on_hold'])

export async function runChecks(client: LoadClient, f: Fixture, load: Workload, sinks: Sinks): Promise<Check[]> {
  const sk = f.secretKey
  const { acked, unexpected } = load
  const [sales, commissions, customers, runs, deliveries, balances] = await Promise.all([
    client.all<Sale>(sk, '/v1/sales'),
    client.all<Commission>(sk, '/v1/commissions'),
    client.all<CustomerSummary>(sk, '/v1/customers'),
    client.all<PayoutRun>(sk, '/v1/payout-runs'),
    client.all<WebhookDelivery>(sk, '/v1/webhook-deliveries'),
    client.call<{ data: PartnerBalance[] }>('check', 0, 'GET', '/v1/balances', { token: sk }).then((a) => a.body.data),
  ])
  const checks: Check[] = []
  const check = (name: string, problems: string[]) => checks.push({ name, problems })

  check('zero 5xx and no network errors', client.failures)
  check('every answer one the scenario allows', unexpected)

  // Conversions: each acknowledged sale and lead stored exactly once, nothing stored that was not acknowledged.
  const byInvoice = groupBy(sales, (s) => s.invoiceId)
  check('every acknowledged sale stored exactly once', [
    ...[...acked.sales.keys()].filter((inv) => byInvoice.get(inv)?.length !== 1).map((inv) => `${inv}: stored ${byInvoice.get(inv)?.length ?? 0} times`),
    ...[...byInvoice.keys()].filter((inv) => !acked.sales.has(inv)).map((inv) => `${inv}: stored, never acknowledged`),
  ])
  const byExternal = groupBy(customers, (c) => c.externalId)
  const partners = await client.all<Partner>(sk, '/v1/partners')
  const byExternalPartner = groupBy(partners.filter((p) => p.externalId), (p) => p.externalId!)
  check('a partner signing in on two processes at once is one partner', [
    ...[...acked.signIns].filter(([id, partner]) => byExternalPartner.get(id)?.length !== 1 || byExternalPartner.get(id)![0]!.id !== partner).map(([id]) => `${id}: ${byExternalPartner.get(id)?.length ?? 0} partners`),
  ])
  check('every acknowledged lead stored exactly once, credited to its click', [
    ...[...acked.leads].filter(([id, partner]) => byExternal.get(id)?.length !== 1 || byExternal.get(id)![0]!.partnerId !== partner).map(([id]) => `${id}: ${JSON.stringify(byExternal.get(id) ?? [])}`),
    ...[...byExternal.keys()].filter((id) => !acked.leads.has(id)).map((id) => `${id}: stored, never acknowledged`),
  ])

  // Commissions: what the rules say, after the acknowledged refunds.
  const saleProblems: string[] = []
  const bySale = groupBy(commissions, (c) => c.saleId ?? '')
  const clawbacks = groupBy(commissions.filter((c) => c.reversesId), (c) => c.reversesId!)
  for (const s of sales) {
    const a = acked.sales.get(s.invoiceId)
    if (!a) continue
    const refunded = Math.min(a.amountMinor, a.refundRequestedMinor)
    const originals = (bySale.get(s.id) ?? []).filter((c) => c.kind === 'sale')
    const earned = roundDiv(a.amountMinor * f.saleRateBps, 10_000)
    const net = earned - roundDiv(earned * refunded, a.amountMinor)
    const counted = [...originals, ...originals.flatMap((c) => clawbacks.get(c.id) ?? [])].filter((c) => COUNTS.has(c.status)).reduce((sum, c) => sum + c.amountMinor, 0)
    const wrong =
      s.refundedMinor !== refunded ? `refunded ${s.refundedMinor}, acknowledged ${refunded}`
      : originals.length !== 1 ? `${originals.length} sale commissions`
      : originals[0]!.amountMinor !== earned || originals[0]!.partnerId !== a.partnerId ? `commission ${originals[0]!.amountMinor} to ${originals[0]!.partnerId}, rule says ${earned} to ${a.partnerId}`
      : counted !== net ? `counts ${counted} after refunds, rule says ${net}`
      : null
    if (wrong) saleProblems.push(`${s.invoiceId} (${a.amountMinor}): ${wrong}`)
  }
  const leadCommissions = commissions.filter((c) => c.kind === 'lead')
  const leadsPer = (rows: Iterable<string>) => [...rows].reduce((m, p) => m.set(p, (m.get(p) ?? 0) + 1), new Map<string, number>())
  const expectedLeads = leadsPer(acked.leads.values())
  const storedLeads = leadsPer(leadCommissions.map((c) => c.partnerId))
  check('commissions equal the rules (12.5% of each sale less refunds; 300 per lead)', [
    ...saleProblems,
    ...leadCommissions.filter((c) => c.amountMinor !== f.leadAmountMinor).map((c) => `lead commission ${c.id}: ${c.amountMinor}`),
    ...f.partners.filter((p) => (expectedLeads.get(p.id) ?? 0) !== (storedLeads.get(p.id) ?? 0)).map((p) => `${p.id}: ${storedLeads.get(p.id) ?? 0} lead commissions for ${expectedLeads.get(p.id) ?? 0} leads`),
  ])

  // Webhooks: every event in the log arrived exactly once, and every event the changes imply is in it.
  const received = sinks.events
  const eventsOf = (type: string) => new Set([...received.values()].filter((e) => e.type === type).map((e) => e.dataId))
  // One event per change: a second event id about the same commission, payout or newsletter is a double.
  const perObject = groupBy([...received.values()].filter((e) => e.type !== 'commission.reversed'), (e) => `${e.type} ${e.dataId}`)
  const created = eventsOf('commission.created')
  const paidPayouts = runs.flatMap((r) => r.payouts).filter((p) => p.status === 'paid')
  check('each webhook event delivered once', [
    ...[...received].filter(([, e]) => e.times !== 1).map(([id, e]) => `${id} (${e.type}) received ${e.times} times`),
    ...[...perObject].filter(([, es]) => es.length > 1).map(([what, es]) => `${what}: ${es.length} events`),
    ...deliveries.filter((d) => d.status !== 'delivered').map((d) => `${d.eventId} (${d.eventType}) ${d.status} after ${d.attempts} attempts`),
    ...deliveries.filter((d) => !received.has(d.eventId)).map((d) => `${d.eventId} (${d.eventType}) logged, never received`),
    ...(received.size !== deliveries.length ? [`${received.size} events received, ${deliveries.length} in the delivery log`] : []),
    ...commissions.filter((c) => c.kind !== 'clawback' && !created.has(c.id)).map((c) => `commission ${c.id}: no commission.created`),
    ...paidPayouts.filter((p) => !eventsOf('payout.paid').has(p.id)).map((p) => `payout ${p.id}: no payout.paid`),
    ...acked.newsletters.filter((id) => !eventsOf('newsletter.sent').has(id)).map((id) => `newsletter ${id}: no newsletter.sent`),
  ])

  // Emails: each newsletter's recipients got it once, and every email (newsletters and the partners'
  // notices: commission earned, payout sent) arrived once, by its Message-ID (the outbox row).
  const mailProblems: string[] = []
  for (const id of acked.newsletters) {
    const nl = (await client.call<Newsletter>('check', 0, 'GET', `/v1/newsletters/${id}`, { token: sk })).body
    const recipients = await client.all<NewsletterRecipient>(sk, `/v1/newsletters/${id}/recipients`)
    if (recipients.length < f.partners.length) mailProblems.push(`${id}: ${recipients.length} recipients, fewer than the ${f.partners.length} partners set up`)
    for (const r of recipients) {
      const times = sinks.mails.get(`${r.email} ${nl.subject}`) ?? 0
      if (r.status !== 'sent' || times !== 1) mailProblems.push(`${id} to ${r.email}: ${r.status}, received ${times} times`)
    }
  }
  for (const [id, times] of sinks.mailIds) if (!id || times !== 1) mailProblems.push(`email ${id || '(no Message-ID)'} received ${times} times`)
  check(`each email delivered once (${acked.newsletters.length} newsletters; ${sinks.mailIds.size} emails in all)`, mailProblems)

  check('each commission in at most one payout', payoutProblems(runs, commissions, balances))

  // The daily earnings rollup (link_day_earnings), written beside each commission by whichever process took
  // it: each partner's overview series adds up to its commissions' totals, which are summed from the rows.
  const to = new Date().toISOString().slice(0, 10)
  const from = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)
  const earningProblems: string[] = []
  let earnedInAll = 0
  for (const p of f.partners) {
    const ov = (await client.call<PortalOverview>('check', 0, 'GET', `/v1/partners/${p.id}/overview?from=${from}&to=${to}`, { token: sk })).body
    const own = ov.earnings.find((e) => e.currency === ov.currency)
    const counted = own ? own.pendingMinor + own.onHoldMinor + own.approvedMinor + own.inPayoutMinor + own.paidMinor : 0
    const series = ov.series.reduce((sum, pt) => sum + pt.earningsMinor, 0)
    if (series !== counted) earningProblems.push(`${p.id}: the series earns ${series}, the commissions count ${counted}`)
    earnedInAll += series
  }
  if (earnedInAll === 0) earningProblems.push('no partner earned anything in the period: nothing was compared')
  check("each partner's daily earnings add up to its commissions", earningProblems)
  return checks
}

/**
 * Paying a commission twice shows whatever the claim's design: the payouts of a partner would exceed what
 * the ledger says is in payouts (in_payout + paid), and a payout's amount would differ from the commissions
 * that name it. Failed payouts return their commissions to the balance and count in neither.
 */
function payoutProblems(runs: PayoutRun[], commissions: Commission[], balances: PartnerBalance[]): string[] {
  const problems: string[] = []
  const payouts = runs.flatMap((r) => r.payouts).filter((p) => p.status !== 'failed')
  const ids = groupBy(payouts, (p) => p.id)
  problems.push(...[...ids].filter(([, ps]) => ps.length > 1).map(([id]) => `payout ${id} in ${ids.get(id)!.length} runs`))
  const paidOut = new Map<string, number>()
  for (const p of payouts) paidOut.set(`${p.partnerId} ${p.currency}`, (paidOut.get(`${p.partnerId} ${p.currency}`) ?? 0) + p.amountMinor)
  const inLedger = new Map(balances.map((b) => [`${b.partnerId} ${b.currency}`, b.inPayoutMinor + b.paidMinor]))
  for (const key of new Set([...paidOut.keys(), ...inLedger.keys()])) {
    if ((paidOut.get(key) ?? 0) !== (inLedger.get(key) ?? 0)) problems.push(`${key}: payouts ${paidOut.get(key) ?? 0}, ledger in payouts ${inLedger.get(key) ?? 0}`)
  }
  const named = groupBy(
    commissions.filter((c) => c.payoutId),
    (c) => c.payoutId!,
  )
  for (const p of payouts) {
    const sum = (named.get(p.id) ?? []).reduce((s, c) => s + c.amountMinor, 0)
    if (named.size > 0 && sum !== p.amountMinor) problems.push(`payout ${p.id}: ${p.amountMinor}, its commissions ${sum}`)
  }
  problems.push(...[...named.keys()].filter((id) => !ids.has(id)).map((id) => `commissions name payout ${id}, which no run holds`))
  return problems
}

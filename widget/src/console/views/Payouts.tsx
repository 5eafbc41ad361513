// Payouts: what each partner is owed, what the next run would do (who it pays, who it skips and why,
// asked of the server, which writes nothing), a button that runs it, and the runs: export a CSV for PayPal
// or Wise, mark a run paid once paid, or send it through Stripe; a paid run's file downloads again.
import { AfflioApiError, paidByHand, waitingForProvider } from '@afflio/sdk'
import type { PartnerBalance, PayoutRun } from '@afflio/sdk/types'
import { TOTAL_KEYS } from '../../ledger-words.ts'
import { useState } from 'preact/hooks'
import { Badge } from '../../kit/Badge.tsx'
import { formatDay } from '../../kit/format.ts'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Async, Confirm, Day, Empty, Money, Note, Paged, Refusal, total, useAct } from '../ui.tsx'
import { PayoutScheduleForm } from './PayoutSchedule.tsx'

export function Payouts() {
  const { t, stores, locale } = useConsole()
  const balances = useStore(stores.payouts.balances.$)
  const preview = useStore(stores.payouts.preview.$)
  const names = useStore(stores.directory.$).data
  const name = (id: string) => {
    const p = names?.get(id)
    return p ? (p.name ?? p.email) : id
  }
  /** "2 partners": a partner paid (or skipped) in two currencies counts once */
  const who = (rows: { partnerId: string }[]) => t('payouts.partners', { n: new Set(rows.map((r) => r.partnerId)).size })
  const act = useAct()
  const next = preview.data

  return (
    <section>
      <h3>{t('payouts.balances')}</h3>
      <Async s={balances} retry={stores.payouts.balances.run}>
        {(rows) => {
          const owed = rows.filter((b) => TOTAL_KEYS.some((k) => k !== 'paidMinor' && b[k] !== 0))
          return owed.length ? (
            <Table
              caption={t('payouts.balances')}
              rows={owed.map((b) => ({ ...b, id: `${b.partnerId}-${b.currency}` }))}
              cols={[
                { label: t('payouts.partner'), cell: (b) => name(b.partnerId) },
                ...TOTAL_KEYS.map((k) => ({ label: t(`ledger.${k}`), num: true, cell: (b: PartnerBalance) => <Money minor={b[k]} currency={b.currency} /> })),
              ]}
            />
          ) : (
            <Empty text={t('payouts.nothingOwed')} />
          )
        }}
      </Async>
      <Async s={preview} retry={stores.payouts.preview.run}>
        {(p) => (
          <>
            {p.nextPayoutDate && <p>{t('payouts.nextScheduled', { date: formatDay(p.nextPayoutDate, locale, true) })}</p>}
            <p>{p.payees.length ? t('payouts.willPay', { who: who(p.payees), amounts: total(p.payees, locale) }) : t('payouts.nobody')}</p>
            {/* A warning before the run: who gets nothing this time, and why */}
            {p.skipped.length > 0 && <p class="err">{t('payouts.willSkip', { who: who(p.skipped) })}</p>}
            {p.skipped.length > 0 && (
              <Table
                caption={t('payouts.skipped')}
                rows={p.skipped.map((s) => ({ ...s, id: `${s.partnerId}-${s.currency}` }))}
                cols={[
                  { label: t('payouts.partner'), cell: (s) => name(s.partnerId) },
                  { label: t('ledger.approvedMinor'), num: true, cell: (s) => <Money minor={s.approvedMinor} currency={s.currency} /> },
                  { label: t('reason'), cell: (s) => t(`skip.${s.reason}`) },
                ]}
              />
            )}
          </>
        )}
      </Async>
      <div class="bar-top">
        <Confirm
          label={t('payouts.run')}
          confirm={next ? t('payouts.runConfirmPay', { paid: who(next.payees), amounts: total(next.payees, locale), skipped: who(next.skipped) }) : ''}
          // Only once the preview has said who will be paid and who skipped
          disabled={act.busy || !next?.payees.length}
          onConfirm={() =>
            act.run(async () => {
              try {
                const run = await stores.payouts.run()
                return t('payouts.ran', { payouts: run.payouts.length, skipped: run.skipped.length })
              } catch (e) {
                // The preview was out of date: say so plainly (the preview has loaded again).
                if (e instanceof AfflioApiError && e.code === 'nothing_to_pay') return t('payouts.nothingToPay')
                throw e
              }
            })
          }
        />
      </div>
      <Note note={act.note} />
      <h3>{t('payouts.runs')}</h3>
      <Paged store={stores.payouts.runs} empty={t('payouts.noRuns')}>
        {(runs) => runs.map((r) => <Run key={r.id} run={r} name={name} />)}
      </Paged>
      <PayoutScheduleForm />
    </section>
  )
}

function Run({ run, name }: { run: PayoutRun; name: (id: string) => string }) {
  const { t, stores, locale } = useConsole()
  const [format, setFormat] = useState<'paypal' | 'wise'>('paypal')
  const currencies = [...new Set(run.payouts.map((p) => p.currency))]
  const [currency, setCurrency] = useState(currencies[0] ?? '')
  // PayPal takes one currency per file: a run in several is exported a currency at a time
  const byCurrency = format === 'paypal' && currencies.length > 1
  const act = useAct()
  // A failed payout paid nothing, and its commissions are owed again (a later run pays them): its money is
  // not this run's, shown apart so that no amount counts in two runs.
  const totals = total(run.payouts.filter((p) => p.status !== 'failed'), locale)
  const failed = total(run.payouts.filter((p) => p.status === 'failed'), locale)
  // Manual payouts still pending are exported and marked paid; Stripe Connect ones (pending, or processing
  // after Stripe did not answer) only Send pays, as the server decides (the SDK's rules).
  const byHand = run.payouts.some(paidByHand)
  const toSend = run.payouts.filter(waitingForProvider).length
  // Once the run's manual payouts are paid, their file is a copy (the server's export with status paid)
  const paidFile = run.payouts.some((p) => p.provider === 'manual' && p.status === 'paid')

  const download = (button: HTMLElement, status: 'pending' | 'paid') =>
    act.run(async () => {
      const file = await stores.payouts.exportFile(run.id, format, byCurrency ? currency : undefined, status)
      const name = format === 'wise' ? 'Wise' : 'PayPal'
      // The server counts the file's payouts and those it leaves out (Afflio-Export-Count, -Excluded).
      if (file.count === 0 && status === 'pending' && file.excluded) throw new Refusal(t('payouts.exportNoneFits', { n: file.excluded, format: name }))
      if (file.count === 0) throw new Refusal(t(status === 'paid' ? 'payouts.exportPaidEmpty' : 'payouts.exportEmpty', { format: name }))
      const url = URL.createObjectURL(new Blob([file.csv], { type: 'text/csv' }))
      const a = document.createElement('a')
      a.href = url
      a.download = file.filename ?? 'payouts.csv'
      button.after(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      // Counts unknown (a proxy dropped the headers): the file is downloaded all the same.
      if (file.count === null) return t('payouts.exportedFile')
      if (status === 'paid' || !file.excluded) return t('payouts.exported', { n: file.count })
      return t('payouts.exportedLeft', { n: file.excluded, count: t('payouts.count', { n: file.count }), format: name })
    })

  /** The file's format (and currency, for a PayPal file of a run in several) and its download button */
  const exportFile = (status: 'pending' | 'paid') => (
    <>
      <select aria-label={t('payouts.format')} value={format} onChange={(e) => setFormat(e.currentTarget.value as 'paypal' | 'wise')}>
        <option value="paypal">PayPal</option>
        <option value="wise">Wise</option>
      </select>
      {byCurrency && (
        <select aria-label={t('currency')} value={currency} onChange={(e) => setCurrency(e.currentTarget.value)}>
          {currencies.map((c) => (
            <option value={c}>{c}</option>
          ))}
        </select>
      )}
      <button type="button" class="btn alt" disabled={act.busy} onClick={(e) => void download(e.currentTarget, status)}>
        {t(status === 'paid' ? 'payouts.exportAgain' : 'payouts.export')}
      </button>
    </>
  )

  return (
    <article class="item" aria-label={t('payouts.runOf', { date: new Date(run.createdAt).toLocaleDateString(locale) })}>
      <div class="head">
        <h4>
          <Day iso={run.createdAt} /> · {t('payouts.count', { n: run.payouts.length })} · {totals || '—'}
          {failed && ` · ${t('payouts.failedTotal', { amounts: failed })}`}
        </h4>
        <Badge kind="run" value={run.status} />
      </div>
      {run.payouts.length > 0 && (
        <Table
          caption={t('payouts.runPayouts')}
          rows={run.payouts}
          cols={[
            { label: t('payouts.partner'), cell: (p) => name(p.partnerId) },
            { label: t('amount'), num: true, cell: (p) => <Money minor={p.amountMinor} currency={p.currency} /> },
            { label: t('payouts.method'), cell: (p) => (p.method ? t(`method.${p.method}` as 'method.paypal') : '—') },
            { label: t('status'), cell: (p) => <Badge kind="payout" value={p.status} /> },
          ]}
        />
      )}
      {run.status === 'created' && (byHand || toSend > 0) ? (
        <div class="acts">
          {byHand && exportFile('pending')}
          {byHand && (
            <Confirm
              label={t('payouts.markPaid')}
              confirm={toSend ? t('payouts.markPaidConfirmLeft', { n: toSend }) : t('payouts.markPaidConfirm')}
              disabled={act.busy}
              onConfirm={() =>
                act.run(async () => {
                  const marked = await stores.payouts.markPaid(run.id)
                  const left = marked.payouts.filter(waitingForProvider).length
                  return left ? t('payouts.markedPaidLeft', { n: left }) : t('payouts.markedPaid')
                })
              }
            />
          )}
          {toSend > 0 && (
            <button type="button" class="btn" disabled={act.busy} onClick={() => act.run(async () => (await stores.payouts.send(run.id), t('payouts.sent')))}>
              {t('payouts.send')}
            </button>
          )}
        </div>
      ) : (
        paidFile && (
          <div class="acts">
            {exportFile('paid')}
            <small class="mut">{t('payouts.exportAgainHint')}</small>
          </div>
        )
      )}
      <Note note={act.note} />
    </article>
  )
}

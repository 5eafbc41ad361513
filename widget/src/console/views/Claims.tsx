// Missing-commission claims: what each partner reports, the evidence the system finds (the partner's clicks
// in the window, customers with the email, the recorded sale and who got it), and approve (the rules price
// a sale no one got; otherwise the amount given here) or reject with a reason.
import type { Claim, ClaimDetail } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Badge } from '../../kit/Badge.tsx'
import { Field } from '../../kit/Field.tsx'
import { formatMoney } from '../../kit/format.ts'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { StatusFilter } from '../../kit/StatusFilter.tsx'
import { amountError, Bound, Day, Facts, fieldErrors, FormActs, Money, Note, Paged, toMinor, useAct, useListNote } from '../ui.tsx'

const STATUSES: Claim['status'][] = ['pending', 'approved', 'rejected']

export function Claims() {
  const { t, stores } = useConsole()
  const status = useStore(stores.claims.$status)
  // Said here, not in the item: a decided claim leaves the pending list
  const { note, announce } = useListNote(status)
  return (
    <section>
      <StatusFilter label={t('status')} id="cl-s" value={status} statuses={STATUSES} word={(s) => t(`claim.${s}`)} all={t('all')} onChange={stores.claims.setStatus} />
      <Note note={note} />
      <Paged store={stores.claims} empty={t('claims.empty')}>
        {(items) => items.map((c) => <Item key={c.id} c={c} announce={announce} />)}
      </Paged>
    </section>
  )
}

function Item({ c, announce }: { c: Claim; announce: (text: string) => void }) {
  const { t, stores, locale } = useConsole()
  const partner = useStore(stores.directory.$).data?.get(c.partnerId)
  const program = useStore(stores.program.$).data
  const [detail, setDetail] = useState<ClaimDetail | null>(null)
  const [mode, setMode] = useState<null | 'approve' | 'reject'>(null)
  // The claim's currency, else the program's once loaded (null until the manager types one)
  const [f, setF] = useState({ reason: '', amount: '', currency: c.currency as string | null })
  const currency = f.currency ?? program?.currency
  const [error, setError] = useState<string | undefined>()
  const [currencyError, setCurrencyError] = useState<string | undefined>()
  const act = useAct()
  const name = (id: string | null) => (id === null ? t('claims.nobody') : id === c.partnerId ? (partner?.name ?? partner?.email ?? id) : (stores.directory.$.get().data?.get(id)?.email ?? id))

  const submit = (e: Event) => {
    e.preventDefault()
    if (mode === 'approve' && currency === undefined) return
    const cur = (currency ?? '').trim().toUpperCase()
    // A code the server will refuse still reads the amount, with a currency's usual 2 decimals
    const unit = /^[A-Z]{3}$/.test(cur) ? cur : 2
    // Only an approval has an amount: one left typed in a form since cancelled is not a rejection's
    const amount = mode === 'approve' && f.amount.trim() ? toMinor(f.amount, unit, locale) : undefined
    if (mode === 'reject' && !f.reason.trim()) return setError(t('required'))
    if (amount === null || amount === 0) return setError(amountError(t, f.amount, unit, t('claims.badAmount'), locale))
    setError(undefined)
    setCurrencyError(undefined)
    void act.run(async () => {
      if (mode === 'reject') {
        await stores.claims.reject(c.id, f.reason.trim())
        return announce(t('claims.rejected', { invoice: c.invoiceId }))
      }
      let r
      try {
        r = await stores.claims.approve(c.id, amount === undefined ? {} : { amountMinor: amount, currency: cur })
      } catch (error) {
        // The server's word on the amount or its currency goes under that field
        const [field, message] = Object.entries(fieldErrors(error, (x) => x === 'amountMinor' || x === 'currency'))[0]!
        return void (field === 'currency' ? setCurrencyError(message) : setError(message))
      }
      // A sale refunded before it was credited: its commission is reversed as it is written (in full), or
      // owed less the refunded part, as the partner's notice says (the server's owedMinor)
      const money = (minor: number) => formatMoney(minor, r.commission.currency, locale)
      const { amountMinor, status } = r.commission
      const said = status === 'reversed' ? 'claims.approvedReversed' : r.owedMinor === amountMinor ? 'claims.approved' : 'claims.approvedPartlyRefunded'
      announce(t(said, { invoice: c.invoiceId, amount: money(amountMinor), owed: money(r.owedMinor), taken: money(amountMinor - r.owedMinor) }))
    })
  }

  const ev = detail?.evidence
  return (
    <article class="item" aria-label={`${t('claims.claim')} ${c.invoiceId}`} data-claim={c.id}>
      <div class="head">
        <h4>
          {c.invoiceId}
          {c.amountMinor !== null && c.currency && (
            <span class="mut">
              {' '}
              · <Money minor={c.amountMinor} currency={c.currency} />
            </span>
          )}
        </h4>
        <span class="mut">
          <Bound iso={c.occurredAt} /> <Badge kind="claim" value={c.status} />
        </span>
      </div>
      <Facts
        rows={[
          [t('deals.partner'), name(c.partnerId)],
          [t('claims.email'), c.customerEmail],
          [t('claims.note'), c.note],
          [t('reason'), c.reason],
        ]}
      />
      {!detail ? (
        <div class="acts">
          <button type="button" class="btn alt" disabled={act.busy} onClick={() => act.run(async () => void setDetail(await stores.claims.detail(c.id)))}>
            {t('claims.evidence')}
          </button>
        </div>
      ) : (
        ev && (
          <dl class="evidence">
            <dt>{t('claims.clicks', { days: ev.windowDays })}</dt>
            <dd>{ev.clicks.length ? ev.clicks.map((k) => <div>{k.id} · <Day iso={k.createdAt} /></div>) : t('claims.noClicks')}</dd>
            {c.customerEmail && (
              <>
                <dt>{t('claims.customers')}</dt>
                <dd>{ev.customers.length ? ev.customers.map((k) => <div>{k.externalId} · {t('claims.creditedTo', { partner: name(k.partnerId) })}</div>) : t('claims.noCustomers')}</dd>
              </>
            )}
            <dt>{t('claims.sale')}</dt>
            <dd>
              {ev.sale ? (
                <>
                  <Money minor={ev.sale.sale.amountMinor} currency={ev.sale.sale.currency} /> · {t(`claims.credited.${ev.sale.credited}`, { partner: name(ev.sale.sale.partnerId) })}
                  {ev.sale.attribution && <div class="mut">{t(`claims.by.${ev.sale.attribution.by}`, { click: ev.sale.attribution.clickId ?? '–', code: ev.sale.attribution.couponCode ?? '–' })}</div>}
                </>
              ) : (
                t('claims.noSale')
              )}
            </dd>
          </dl>
        )
      )}
      {c.status === 'pending' && mode === null && (
        <div class="acts">
          <button type="button" class="btn" onClick={() => setMode('approve')}>
            {t('approve')}
          </button>
          <button type="button" class="btn alt" onClick={() => setMode('reject')}>
            {t('reject')}
          </button>
        </div>
      )}
      {mode && (
        <form onSubmit={submit} noValidate>
          {mode === 'approve' && <p class="mut">{t('claims.approveHint')}</p>}
          <div class="row">
            {mode === 'reject' ? (
              <Field id={`cr-${c.id}`} label={t('deals.rejectReason')} error={error}>
                {(p) => <input {...p} value={f.reason} onInput={(e) => setF({ ...f, reason: e.currentTarget.value })} />}
              </Field>
            ) : (
              <>
                <Field id={`ca-${c.id}`} label={t('claims.amount')} error={error}>
                  {(p) => <input {...p} inputMode="decimal" value={f.amount} onInput={(e) => setF({ ...f, amount: e.currentTarget.value })} />}
                </Field>
                <Field id={`cc-${c.id}`} label={t('currency')} error={currencyError}>
                  {(p) => <input {...p} maxLength={3} value={currency ?? ''} onInput={(e) => setF({ ...f, currency: e.currentTarget.value })} />}
                </Field>
              </>
            )}
          </div>
          <FormActs submit={t(mode === 'reject' ? 'reject.confirm' : 'claims.confirmApprove')} busy={act.busy} ready={mode !== 'approve' || currency !== undefined} onCancel={() => setMode(null)} />
        </form>
      )}
      <Note note={act.note} />
    </article>
  )
}

// Deal registrations: pending ones to approve or reject (with a reason), approved ones to close as won
// (recording the sale) or lost.
import type { Deal } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Badge } from '../../kit/Badge.tsx'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { StatusFilter } from '../../kit/StatusFilter.tsx'
import { amountError, Day, Facts, fieldErrors, FormActs, Money, Note, Paged, toMinor, useAct, useListNote } from '../ui.tsx'

const STATUSES: Deal['status'][] = ['pending', 'approved', 'won', 'lost', 'rejected']

export function Deals() {
  const { t, stores } = useConsole()
  const status = useStore(stores.deals.$status)
  const { note, announce } = useListNote(status)
  return (
    <section>
      <StatusFilter label={t('status')} id="dl-s" value={status} statuses={STATUSES} word={(s) => t(`deal.${s}`)} all={t('all')} onChange={stores.deals.setStatus} />
      <Note note={note} />
      <Paged store={stores.deals} empty={t('deals.empty')}>
        {(items) => items.map((d) => <Item key={d.id} d={d} announce={announce} />)}
      </Paged>
    </section>
  )
}

type Mode = null | 'reject' | 'won' | 'lost'

/** The request's fields the form shows, by the form's name for each */
const FORM_FIELDS = { reason: 'reason', invoiceId: 'invoiceId', amountMinor: 'amount', currency: 'currency' } as const

function Item({ d, announce }: { d: Deal; announce: (text: string) => void }) {
  const { t, stores, locale } = useConsole()
  const partner = useStore(stores.directory.$).data?.get(d.partnerId)
  const program = useStore(stores.program.$).data
  const [mode, setMode] = useState<Mode>(null)
  // The deal's currency, else the program's once loaded (null until the manager types one)
  const [f, setF] = useState({ reason: '', invoiceId: '', amount: '', currency: d.currency as string | null })
  const currency = f.currency ?? program?.currency
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useAct()
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value
    setF((f) => ({ ...f, [k]: v }))
  }
  const done = (key: 'deals.approved' | 'deals.rejected' | 'deals.won' | 'deals.lost') => {
    setMode(null)
    announce(t(key, { company: d.company }))
  }

  const submit = (e: Event) => {
    e.preventDefault()
    const bad: Record<string, string> = {}
    if (mode === 'won' && currency === undefined) return
    const cur = (currency ?? '').trim().toUpperCase()
    const known = /^[A-Z]{3}$/.test(cur)
    const amount = known ? toMinor(f.amount, cur, locale) : null
    if (mode === 'reject' && !f.reason.trim()) bad.reason = t('required')
    if (mode === 'won') {
      if (!f.invoiceId.trim()) bad.invoiceId = t('required')
      if (!amount) bad.amount = known ? amountError(t, f.amount, cur, t('deals.badAmount'), locale) : t('deals.badAmount')
    }
    setErrors(bad)
    if (Object.keys(bad).length) return
    void act.run(async () => {
      try {
        if (mode === 'reject') await stores.deals.reject(d.id, f.reason.trim())
        else if (mode === 'lost') await stores.deals.lost(d.id, f.reason.trim())
        else await stores.deals.won(d.id, { invoiceId: f.invoiceId.trim(), amountMinor: amount!, currency: cur })
      } catch (error) {
        // The server's word on a field the form shows (a currency it does not know) goes under that field
        const [field, message] = Object.entries(fieldErrors(error, (x) => Object.hasOwn(FORM_FIELDS, x)))[0]!
        return void setErrors({ [FORM_FIELDS[field as keyof typeof FORM_FIELDS]]: message })
      }
      done(mode === 'reject' ? 'deals.rejected' : mode === 'lost' ? 'deals.lost' : 'deals.won')
    })
  }

  return (
    <article class="item" aria-label={d.company}>
      <div class="head">
        <h4>
          {d.company}
          {d.companyDomain && <span class="mut"> · {d.companyDomain}</span>}
        </h4>
        <span class="mut">
          <Day iso={d.createdAt} /> <Badge kind="deal" value={d.status} />
        </span>
      </div>
      <Facts
        rows={[
          [t('deals.contact'), `${d.contactName} <${d.contactEmail}>`],
          [t('deals.partner'), partner ? (partner.name ?? partner.email) : d.partnerId],
          [t('deals.value'), d.estimatedValueMinor !== null && d.currency && <Money minor={d.estimatedValueMinor} currency={d.currency} />],
          [t('deals.notes'), d.notes],
          [t('reason'), d.reason],
          [t('deals.invoice'), d.invoiceId],
        ]}
      />
      {d.duplicateOf && <p class="err">{t('deals.duplicate', { field: t(`deals.field.${d.duplicateField ?? 'company'}`) })}</p>}
      {mode === null && (d.status === 'pending' || d.status === 'approved') && (
        <div class="acts">
          {d.status === 'pending' ? (
            <>
              <button type="button" class="btn" disabled={act.busy} onClick={() => act.run(async () => (await stores.deals.approve(d.id), done('deals.approved')))}>
                {t('approve')}
              </button>
              <button type="button" class="btn alt" onClick={() => setMode('reject')}>
                {t('reject')}
              </button>
            </>
          ) : (
            <>
              <button type="button" class="btn" onClick={() => setMode('won')}>
                {t('deals.markWon')}
              </button>
              <button type="button" class="btn alt" onClick={() => setMode('lost')}>
                {t('deals.markLost')}
              </button>
            </>
          )}
        </div>
      )}
      {mode && (
        <form onSubmit={submit} noValidate>
          <div class="row">
            {mode === 'won' ? (
              <>
                <Field id={`dw-i${d.id}`} label={t('deals.invoice')} error={errors.invoiceId}>
                  {(p) => <input {...p} value={f.invoiceId} onInput={set('invoiceId')} />}
                </Field>
                <Field id={`dw-a${d.id}`} label={t('amount')} error={errors.amount}>
                  {(p) => <input {...p} inputMode="decimal" value={f.amount} onInput={set('amount')} />}
                </Field>
                <Field id={`dw-c${d.id}`} label={t('currency')} error={errors.currency}>
                  {(p) => <input {...p} maxLength={3} value={currency ?? ''} onInput={set('currency')} />}
                </Field>
              </>
            ) : (
              <Field id={`dr-${d.id}`} label={t(mode === 'reject' ? 'deals.rejectReason' : 'deals.lostReason')} error={errors.reason}>
                {(p) => <input {...p} value={f.reason} onInput={set('reason')} />}
              </Field>
            )}
          </div>
          <FormActs submit={t(mode === 'reject' ? 'reject.confirm' : mode === 'won' ? 'deals.confirmWon' : 'deals.confirmLost')} busy={act.busy} ready={mode !== 'won' || currency !== undefined} onCancel={() => setMode(null)} />
        </form>
      )}
      <Note note={act.note} />
    </article>
  )
}

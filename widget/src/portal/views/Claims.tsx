// Missing commissions: the partner reports a sale that earned nothing, and sees each report's status (and
// why one was declined). Shown under the commissions.
import type { FileClaimInput, PortalClaim } from '@afflio/sdk/types'
import { AfflioApiError } from '@afflio/sdk/portal'
import { apiErrors } from '../../kit/api-errors.ts'
import { Field } from '../../kit/Field.tsx'
import { amountError, toMinor } from '../../kit/amount.ts'
import { formatBound } from '../../kit/format.ts'
import { FormStatus, useForm } from '../../kit/form.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useValue } from '../../kit/use-value.ts'
import { usePortal } from '../context.ts'
import type { MessageKey } from '../messages.ts'
import { Badge } from '../../kit/Badge.tsx'

const FIELDS = ['invoiceId', 'occurredAt', 'amount', 'customerEmail', 'note'] as const
type Key = (typeof FIELDS)[number]
const empty = () => Object.fromEntries(FIELDS.map((k) => [k, ''])) as Record<Key, string>

/** Today in the reader's own calendar, as a date input writes it: a sale cannot have happened after it. */
const today = () => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

export function Claims() {
  const { t, locale, stores } = usePortal()
  const claims = useStore(stores.claims.$).data
  const currency = useStore(stores.me.$).data?.program.currency ?? 'USD'
  const values = useValue(empty())
  const form = useForm()
  const v = values.value
  const submit = (e: Event) => {
    e.preventDefault()
    const x = Object.fromEntries(FIELDS.map((k) => [k, values.value[k].trim()])) as Record<Key, string>
    // Exactly as typed, in the program's decimals (the console's rule): never rounded
    const amount = x.amount ? toMinor(x.amount, currency, locale) : null
    void form.run(
      {
        invoiceId: !x.invoiceId && t('required'),
        occurredAt: !x.occurredAt ? t('required') : x.occurredAt > today() && t('claims.future'),
        amount: x.amount && !amount && amountError(t, x.amount, currency, t('claims.badAmount'), locale),
      },
      async () => {
        const input: FileClaimInput = { invoiceId: x.invoiceId, occurredAt: x.occurredAt }
        if (amount) Object.assign(input, { amountMinor: amount, currency })
        if (x.customerEmail) input.customerEmail = x.customerEmail
        if (x.note) input.note = x.note
        await stores.claims.file(input)
        values.value = empty()
        return t('claims.created')
      },
      (error) => (error instanceof AfflioApiError && error.code === 'conflict' ? { invoiceId: t('claims.duplicate') } : apiErrors(error, ['invoiceId', 'occurredAt', 'customerEmail', 'note'], t('error'))),
    )
  }
  return (
    <form onSubmit={submit} noValidate>
      <h3>{t('claims.title')}</h3>
      <p class="mut">{t('claims.hint')}</p>
      {!!claims?.length && (
        <Table<PortalClaim>
          caption={t('claims.title')}
          rows={claims}
          cols={[
            { label: t('claims.invoiceId'), cell: (c) => c.invoiceId },
            { label: t('date'), cell: (c) => formatBound(c.occurredAt, locale) },
            { label: t('status'), cell: (c) => (<><Badge kind="status" value={c.status} />{c.reason && <small class="mut pre">{c.reason}</small>}</>) },
          ]}
        />
      )}
      <div class="row">
        {FIELDS.slice(0, 4).map((k) => (
          <Field id={`claim-${k}`} label={t(`claims.${k}` as MessageKey, { currency })} error={form.errors.value[k]}>
            {(p) => <input {...p} type={k === 'occurredAt' ? 'date' : k === 'customerEmail' ? 'email' : 'text'} {...(k === 'amount' && { inputMode: 'decimal' as const })} {...(k === 'occurredAt' && { max: today() })} value={v[k]} onInput={(e) => (values.value = { ...values.value, [k]: e.currentTarget.value })} />}
          </Field>
        ))}
      </div>
      <Field id="claim-note" label={t('claims.note')} error={form.errors.value.note}>
        {(p) => <textarea {...p} rows={2} maxLength={2000} value={v.note} onInput={(e) => (values.value = { ...values.value, note: e.currentTarget.value })} />}
      </Field>
      <button type="submit" class="btn" disabled={form.busy.value}>
        {t('claims.submit')}
      </button>
      <FormStatus form={form} />
    </form>
  )
}

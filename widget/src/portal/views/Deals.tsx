// The partner's registered prospects with their status, and the form to register one. A prospect
// someone already holds is answered 409 with the field that matched; that field shows it.
import type { PortalDeal, RegisterDealInput } from '@afflio/sdk/types'
import { AfflioApiError } from '@afflio/sdk/portal'
import { useValue } from '../../kit/use-value.ts'
import { usePortal } from '../context.ts'
import { amountError, toMinor } from '../../kit/amount.ts'
import { formatDate } from '../../kit/format.ts'
import type { MessageKey } from '../messages.ts'
import { apiErrors } from '../../kit/api-errors.ts'
import { Field } from '../../kit/Field.tsx'
import { FormStatus, useForm } from '../../kit/form.tsx'
import { Money } from '../../kit/Money.tsx'
import { Empty, Failed, Loading } from '../../kit/states.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { Badge } from '../../kit/Badge.tsx'

export function Deals() {
  const { t, locale, stores } = usePortal()
  const { data, error } = useStore(stores.deals.$)
  return (
    <section>
      <h3 style={{ marginTop: 0 }}>{t('deals.title')}</h3>
      {error && !data ? (
        <Failed error={error} retry={stores.deals.run} />
      ) : !data ? (
        <Loading />
      ) : !data.length ? (
        <Empty text={t('deals.empty')} />
      ) : (
        <Table<PortalDeal>
          caption={t('deals.title')}
          rows={data}
          cols={[
            { label: t('date'), cell: (d) => formatDate(d.createdAt, locale) },
            {
              label: t('deals.company'),
              cell: (d) => (
                <>
                  {d.company}
                  <br />
                  <small class="mut">
                    {d.contactName} · {d.contactEmail}
                  </small>
                </>
              ),
            },
            { label: t('amount'), num: true, cell: (d) => (d.estimatedValueMinor !== null && d.currency ? <Money minor={d.estimatedValueMinor} currency={d.currency} /> : '–') },
            {
              label: t('status'),
              cell: (d) => (
                <>
                  <Badge kind="status" value={d.status} />
                  {d.reason && <small class="mut pre">{d.reason}</small>}
                </>
              ),
            },
          ]}
        />
      )}
      <Register />
    </section>
  )
}

const FIELDS = ['company', 'contactName', 'contactEmail', 'companyDomain', 'estimatedValueMinor', 'notes'] as const
type Key = (typeof FIELDS)[number]
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const DOMAIN = /^(https?:\/\/)?[^\s/.]+(\.[^\s/.]+)+(\/\S*)?$/i

function Register() {
  const { t, stores, locale } = usePortal()
  const currency = useStore(stores.me.$).data?.program.currency ?? 'USD'
  const values = useValue<Record<Key, string>>({ company: '', contactName: '', contactEmail: '', companyDomain: '', estimatedValueMinor: '', notes: '' })
  const form = useForm()
  const v = values.value
  const submit = (e: Event) => {
    e.preventDefault()
    const x = Object.fromEntries(FIELDS.map((k) => [k, values.value[k].trim()])) as Record<Key, string>
    // Exactly as typed, in the program's decimals (every money field's rule): never rounded
    const amount = x.estimatedValueMinor ? toMinor(x.estimatedValueMinor, currency, locale) : null
    void form.run(
      {
        company: !x.company && t('required'),
        contactName: !x.contactName && t('required'),
        contactEmail: !EMAIL.test(x.contactEmail) && t(x.contactEmail ? 'payouts.badEmail' : 'required'),
        companyDomain: x.companyDomain && !DOMAIN.test(x.companyDomain) && t('deals.badDomain'),
        estimatedValueMinor: x.estimatedValueMinor && amount === null && amountError(t, x.estimatedValueMinor, currency, t('deals.badValue'), locale),
      },
      async () => {
        const input: RegisterDealInput = { company: x.company, contactName: x.contactName, contactEmail: x.contactEmail }
        if (x.companyDomain) input.companyDomain = x.companyDomain
        if (x.notes) input.notes = x.notes
        if (amount !== null) Object.assign(input, { estimatedValueMinor: amount, currency })
        await stores.deals.register(input)
        values.value = Object.fromEntries(FIELDS.map((k) => [k, ''])) as Record<Key, string>
        return t('deals.created')
      },
      (error) =>
        error instanceof AfflioApiError && error.code === 'conflict'
          ? { [FIELDS.includes(error.field as Key) ? error.field! : 'form']: t('deals.duplicate') }
          : apiErrors(error, [...FIELDS], t('error')),
    )
  }
  const set = (k: Key) => (e: { currentTarget: { value: string } }) => (values.value = { ...values.value, [k]: e.currentTarget.value })
  return (
    <form onSubmit={submit} noValidate>
      <h3>{t('deals.register')}</h3>
      <p class="mut">{t('deals.hint')}</p>
      <div class="row">
        {FIELDS.slice(0, 5).map((k) => (
          <Field id={`deal-${k}`} label={t(`deals.${k}` as MessageKey, { currency })} error={form.errors.value[k]}>
            {(p) => (
              <input
                {...p}
                style={{ minWidth: '180px' }}
                required={k[0] === 'c' && k !== 'companyDomain'}
                // A text field for the amount: a number field hands "1,200.50" over as nothing at all
                type={k === 'contactEmail' ? 'email' : 'text'}
                {...(k === 'estimatedValueMinor' && { inputMode: 'decimal' as const })}
                value={v[k]}
                onInput={set(k)}
              />
            )}
          </Field>
        ))}
      </div>
      <Field id="deal-notes" label={t('deals.notes')} error={form.errors.value.notes}>
        {(p) => <textarea {...p} rows={2} maxLength={5000} value={v.notes} onInput={set('notes')} />}
      </Field>
      <button type="submit" class="btn" disabled={form.busy.value}>
        {t('deals.submit')}
      </button>
      <FormStatus form={form} />
    </form>
  )
}

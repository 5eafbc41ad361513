// Balances, the next payout and its minimum, past payouts, and where the partner wants to be paid.
import type { PayoutDetails, PayoutMethod, PortalPayout, PortalPayouts } from '@afflio/sdk/types'
import { useValue } from '../../kit/use-value.ts'
import { usePortal } from '../context.ts'
import { formatDate, formatDay, formatMoney } from '../../kit/format.ts'
import { apiErrors } from '../../kit/api-errors.ts'
import { Field } from '../../kit/Field.tsx'
import { LedgerCards } from '../../kit/LedgerCards.tsx'
import { Money } from '../../kit/Money.tsx'
import { Empty, Failed, Loading } from '../../kit/states.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { Badge } from '../../kit/Badge.tsx'
import { MoreButton } from '../../kit/MoreButton.tsx'

export function Payouts() {
  const { stores } = usePortal()
  const { data, error } = useStore(stores.payouts.$)
  if (!data) return error ? <Failed error={error} retry={stores.payouts.run} /> : <Loading />
  return <PayoutsReady data={data} />
}

function PayoutsReady({ data }: { data: PortalPayouts }) {
  const { t, locale, stores } = usePortal()
  return (
    <section>
      <h3 style={{ marginTop: 0 }}>{t('payouts.balance')}</h3>
      <LedgerCards totals={data.balances} t={t} locale={locale} />
      <dl class="grid">
        <div class="card">
          <dt>{t('payouts.next')}</dt>
          <dd>
            {data.nextPayoutAt ? formatDay(data.nextPayoutAt, locale, true) : <span class="mut">{t('payouts.unscheduled')}</span>}
            {/* Per currency: whether that run would pay the approved balance as it stands, and if not why */}
            {data.balances.map(
              (b) =>
                b.nextPayout && (
                  <small class="mut" style="display:block" data-next={b.currency}>
                    {t(b.nextPayout.included ? 'payouts.included' : b.nextPayout.reason ? `payouts.skip.${b.nextPayout.reason}` : 'payouts.nothingYet', {
                      amount: formatMoney(b.approvedMinor, b.currency, locale),
                      minimum: formatMoney(b.minimumMinor, b.currency, locale),
                      currency: b.currency,
                    })}
                  </small>
                ),
            )}
          </dd>
        </div>
        <div class="card">
          <dt>{t('payouts.minimum')}</dt>
          <dd>
            <Money minor={data.minimumMinor} currency={data.currency} />
          </dd>
        </div>
      </dl>
      <h3>{t('payouts.history')}</h3>
      {data.history.length === 0 ? (
        <Empty text={t('payouts.empty')} />
      ) : (
        <Table<PortalPayout>
          caption={t('payouts.history')}
          rows={data.history}
          cols={[
            { label: t('date'), cell: (p) => formatDate(p.paidAt ?? p.createdAt, locale) },
            { label: t('status'), cell: (p) => <Badge kind="payout" value={p.status} /> },
            { label: t('amount'), num: true, cell: (p) => <Money minor={p.amountMinor} currency={p.currency} /> },
          ]}
        />
      )}
      {data.historyNextCursor && <MoreButton onMore={stores.payouts.moreHistory} />}
      <DetailsForm current={data.payoutDetails} />
    </section>
  )
}

const METHODS: PayoutMethod[] = ['paypal', 'wise', 'bank', 'stripe_connect']
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function DetailsForm({ current }: { current: PayoutDetails | null }) {
  const { t, stores } = usePortal()
  const method = useValue<PayoutMethod>(current?.method ?? 'paypal')
  const value = useValue(current?.email ?? current?.accountRef ?? '')
  const errors = useValue<Record<string, string>>({})
  const busy = useValue(false)
  const done = useValue('')
  const byEmail = method.value === 'paypal' || method.value === 'wise'
  const field = byEmail ? 'email' : 'accountRef'

  const submit = async (e: Event) => {
    e.preventDefault()
    done.value = ''
    const v = value.value.trim()
    const bad = byEmail
      ? !EMAIL.test(v) && t('payouts.badEmail')
      : !v
        ? t('payouts.badAccount')
        : method.value === 'stripe_connect' && !v.startsWith('acct_') && t('payouts.badStripe')
    errors.value = bad ? { [field]: bad } : {}
    if (bad) return
    busy.value = true
    try {
      const m = method.value
      await stores.payouts.saveDetails(m === 'paypal' || m === 'wise' ? { method: m, email: v } : { method: m, accountRef: v })
      done.value = t('payouts.saved')
    } catch (error) {
      errors.value = apiErrors(error, [field, 'method'], t('error'))
    } finally {
      busy.value = false
    }
  }

  const err = errors.value
  return (
    <form onSubmit={submit} noValidate>
      <h3>{t('payouts.details')}</h3>
      {!current && <p class="mut">{t('payouts.none')}</p>}
      <div class="row">
        <Field id="pm" label={t('payouts.method')} error={err.method}>
          {(p) => (
            <select
              {...p}
              value={method.value}
              onChange={(e) => {
                method.value = e.currentTarget.value as PayoutMethod
                errors.value = {}
              }}
            >
              {METHODS.map((m) => (
                <option value={m}>{t(`method.${m}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="pv" label={t(byEmail ? 'payouts.email' : `payouts.accountRef.${method.value as 'bank'}`)} error={err[field]}>
          {(p) => (
            <input
              {...p}
              type={byEmail ? 'email' : 'text'}
              autoComplete={byEmail ? 'email' : 'off'}
              value={value.value}
              onInput={(e) => (value.value = e.currentTarget.value)}
            />
          )}
        </Field>
      </div>
      <button type="submit" class="btn" disabled={busy.value}>
        {t('payouts.save')}
      </button>
      <p role="status" aria-live="polite" class={err.form ? 'err' : 'mut'}>
        {err.form ?? done.value}
      </p>
    </form>
  )
}

// The payout schedule: monthly on a day, weekly on a weekday, or none; the currencies paid; the minimum per
// currency; whether the server starts the run on the day by itself. Saved with the settings (audited there).
// Inputs are read on submit (FormData): only what changes the form's shape is state.
import type { PayoutSchedule, ProgramSettingsView } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { amountError, amountText, Async, fieldErrors, Note, toMinor, useAct } from '../ui.tsx'

export function PayoutScheduleForm() {
  const { t, stores } = useConsole()
  return (
    <>
      <h3>{t('sched.title')}</h3>
      <Async s={useStore(stores.payouts.settings.$)} retry={stores.payouts.settings.run}>
        {(s) => <Form s={s} />}
      </Async>
    </>
  )
}

const codes = (text: string) => text.toUpperCase().match(/\w+/g) ?? []

function Form({ s }: { s: ProgramSettingsView }) {
  const { t, stores, locale } = useConsole()
  const home = useStore(stores.program.$).data?.currency
  const sc = s.payoutSchedule
  const [frequency, setFrequency] = useState(sc?.frequency ?? '')
  const [currencies, setCurrencies] = useState(sc?.currencies?.join(', ') ?? '')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useAct()
  const day = sc?.frequency === frequency ? (sc.frequency === 'monthly' ? sc.dayOfMonth : sc.dayOfWeek) : 1
  // A minimum for each currency paid, each that has one, and the program's own
  const shown = [...new Set([...codes(currencies).filter((c) => /^[A-Z]{3}$/.test(c)), ...Object.keys(s.payoutMinimums), ...(home ? [home] : [])])]

  const save = (e: Event) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget as HTMLFormElement)
    const n = Number(form.get('day'))
    const list = codes(currencies)
    const payoutMinimums: Record<string, number> = {}
    const bad: Record<string, string> = {}
    for (const c of shown) {
      const text = String(form.get(c)).trim()
      const m = text ? toMinor(text, c, locale) : 0
      if (m === null) bad[c] = amountError(t, text, c, t('rules.badAmount'), locale)
      else if (m) payoutMinimums[c] = m
    }
    setErrors(bad)
    if (Object.keys(bad).length) return
    const paid = list.length ? list : null
    void act.run(async () => {
      try {
        await stores.payouts.saveSchedule({
          payoutSchedule: frequency ? ({ frequency, [frequency === 'monthly' ? 'dayOfMonth' : 'dayOfWeek']: n, currencies: paid } as PayoutSchedule) : null,
          payoutMinimums,
          automaticPayoutRuns: form.has('auto'),
        })
      } catch (error) {
        // What only the server checks: whether it knows the currencies
        return void setErrors({ currencies: Object.values(fieldErrors(error, (x) => /currenc/.test(x)))[0]! })
      }
      return t('sched.saved')
    })
  }

  return (
    <form onSubmit={save} noValidate>
      <div class="cond">
        <Field id="ps-f" label={t('sched.title')}>
          {(p) => (
            <select {...p} value={frequency} onChange={(e) => setFrequency(e.currentTarget.value as 'weekly')}>
              <option value="">{t('sched.none')}</option>
              <option value="monthly">{t('sched.monthly')}</option>
              <option value="weekly">{t('sched.weekly')}</option>
            </select>
          )}
        </Field>
        {frequency && (
          <Field id="ps-d" label={t('sched.day')} hint={frequency === 'monthly' ? t('sched.dayHint') : undefined}>
            {(p) => (
              <select {...p} name="day">
                {Array.from({ length: frequency === 'monthly' ? 31 : 7 }, (_, i) => (
                  <option value={++i} selected={i === day}>
                    {/* 2024-01-01 was a Monday: ISO weekday i */}
                    {frequency === 'monthly' ? i : new Date(Date.UTC(2024, 0, i)).toLocaleDateString(locale, { weekday: 'long', timeZone: 'UTC' })}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field id="ps-c" label={t('sched.currencies')} hint={t('sched.currenciesHint')} error={errors.currencies}>
          {(p) => <input {...p} value={currencies} onInput={(e) => setCurrencies(e.currentTarget.value)} />}
        </Field>
        {shown.map((c) => (
          <Field id={`ps-${c}`} label={t('sched.minimum', { currency: c })} error={errors[c]}>
            {(p) => <input {...p} name={c} inputMode="decimal" defaultValue={s.payoutMinimums[c] ? amountText(s.payoutMinimums[c]!, c, locale) : ''} />}
          </Field>
        ))}
      </div>
      <div class="field">
        <label>
          <input type="checkbox" name="auto" defaultChecked={s.automaticPayoutRuns} /> {t('sched.auto')}
        </label>
      </div>
      <button type="submit" class="btn" disabled={act.busy}>
        {t('sched.save')}
      </button>
      <Note note={act.note} />
    </form>
  )
}

// Commission budgets: each with its spend this period, the run-rate forecast and the day it runs out (the
// server's pace; a reached budget ran out when it was reached). Past the cap new commissions are held, or
// paid at a lower rate. This screen watches them, creates one (for the program, a group or a challenge) and
// deletes one; the API (docs/budgets.md) also edits them.
import type { BudgetOverCap, BudgetPeriod, BudgetScope, BudgetStatus } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { formatMoney } from '../../kit/format.ts'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { amountError, Async, Confirm, Day, Empty, fieldErrors, Note, toMinor, useAct } from '../ui.tsx'

export function Budgets() {
  const { t, stores, locale } = useConsole()
  const s = useStore(stores.budgets.$)
  const act = useAct()
  const money = (minor: number | null, currency: string) => (minor === null ? '—' : formatMoney(minor, currency, locale))
  // A group's or a challenge's budget names it: `Challenge Spring sprint` (its id once it is gone)
  const scope = ({ budget: b }: BudgetStatus) => (b.scopeId ? `${t(`budgets.scope.${b.scope}`)} ${b.scopeName ?? b.scopeId}` : t('budgets.scope.program'))
  return (
    <section>
      <Note note={act.note} />
      <Async s={s} retry={stores.budgets.run}>
        {(budgets) =>
          budgets.length ? (
            <Table
              caption={t('tab.budgets')}
              rows={budgets.map((x) => ({ ...x, id: x.budget.id }))}
              cols={[
                { label: t('name'), cell: (x) => <>{x.budget.name} <span class="mut">{scope(x)} · {t(`budgets.period.${x.budget.period}`)}</span></> },
                { label: t('budgets.cap'), cell: (x) => money(x.budget.amountMinor, x.budget.currency) },
                { label: t('budgets.spent'), cell: (x) => money(x.spentMinor, x.budget.currency) },
                { label: t('budgets.held'), cell: (x) => money(x.heldMinor, x.budget.currency) },
                { label: t('budgets.forecast'), cell: (x) => money(x.forecastMinor, x.budget.currency) },
                { label: t('budgets.runsOut'), cell: (x) => (x.runsOutAt ? <Day iso={x.runsOutAt} /> : t('budgets.never')) },
                {
                  label: t('actions'),
                  cell: (x) => (
                    <Confirm
                      label={t('delete')}
                      confirm={t('budgets.deleteConfirm', { name: x.budget.name })}
                      disabled={act.busy}
                      onConfirm={() =>
                        act.run(() => stores.budgets.remove(x.budget.id))
                      }
                    />
                  ),
                },
              ]}
            />
          ) : (
            <Empty text={t('budgets.empty')} />
          )
        }
      </Async>
      <NewBudget />
    </section>
  )
}

const PERIODS: BudgetPeriod[] = ['month', 'quarter', 'year', 'total']

/** A new budget: name, what it caps, per which period, the cap, and what happens past it. Errors clear on input. */
function NewBudget() {
  const { t, stores, locale } = useConsole()
  const groups = useStore(stores.groups.$).data ?? []
  const challenges = useStore(stores.challenges.$).items
  // The program's currency, once it has loaded: the form offers no save before (a budget in a guessed
  // currency would cap nothing the program earns). `currency` is null until the manager types one.
  const home = useStore(stores.program.$).data?.currency
  const blank = { name: '', scope: 'program' as BudgetScope, scopeId: '', period: 'month' as BudgetPeriod, amount: '', currency: null as string | null, overCap: 'hold' as BudgetOverCap, stepDown: '50' }
  const [f, setF] = useState(blank)
  const typed = f.currency ?? home
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useAct()
  const set = (k: keyof typeof blank) => (e: Event) => {
    setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value, ...(k === 'scope' && { scopeId: '' }) })
    setErrors({ ...errors, [k]: '' })
  }
  const submit = (e: Event) => {
    e.preventDefault()
    if (typed === undefined) return
    const currency = typed.trim().toUpperCase()
    // An amount's decimals are its currency's: none to read it by without one
    const known = /^[A-Z]{3}$/.test(currency)
    const amountMinor = known ? toMinor(f.amount, currency, locale) : null
    // A percentage as the console reads every rate: the locale's decimal mark ("12,5" in de-DE), 2 decimals at most, in bps
    const stepBps = toMinor(f.stepDown, 2, locale)
    const bad: Record<string, string> = {}
    if (!f.name.trim()) bad.name = t('budgets.nameRequired')
    if (f.scope !== 'program' && !f.scopeId) bad.scopeId = t('budgets.scopeRequired')
    if (!known) bad.currency = t('budgets.currencyRequired')
    else if (!amountMinor) bad.amount = amountError(t, f.amount, currency, t('budgets.amountRequired'), locale)
    if (f.overCap === 'step_down' && !(stepBps !== null && stepBps >= 100 && stepBps <= 9_900)) bad.stepDown = t('budgets.stepDownRange')
    setErrors(bad)
    if (Object.keys(bad).length) return
    void act.run(async () => {
      try {
        await stores.budgets.create({
          name: f.name.trim(),
          scope: f.scope,
          scopeId: f.scope === 'program' ? null : f.scopeId,
          period: f.period,
          amountMinor: amountMinor!,
          currency,
          overCap: f.overCap,
          stepDownBps: f.overCap === 'step_down' ? stepBps : null,
        })
      } catch (error) {
        // The server's word on a field (a currency it does not know, a scope that is gone) goes under it.
        const shown = fieldErrors(error, (x) => ['name', 'scopeId', 'currency', 'amountMinor', 'stepDownBps'].includes(x))
        return void setErrors({ [Object.keys(shown)[0]!.replace('amountMinor', 'amount').replace('stepDownBps', 'stepDown')]: Object.values(shown)[0]! })
      }
      setF(blank)
      return t('budgets.created', { name: f.name.trim() })
    })
  }
  const targets = f.scope === 'group' ? groups : f.scope === 'challenge' ? challenges : []
  return (
    <form onSubmit={submit} noValidate>
      <h3>{t('budgets.new')}</h3>
      <div class="row">
        <Field id="bu-n" label={t('name')} error={errors.name}>
          {(p) => <input {...p} value={f.name} maxLength={120} onInput={set('name')} />}
        </Field>
        <Field id="bu-s" label={t('budgets.scope')}>
          {(p) => (
            <select {...p} value={f.scope} onChange={set('scope')}>
              {(['program', 'group', 'challenge'] as const).map((s) => (
                <option value={s}>{t(`budgets.scope.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
        {f.scope !== 'program' && (
          <Field id="bu-t" label={t(`budgets.scope.${f.scope}`)} error={errors.scopeId}>
            {(p) => (
              <select {...p} value={f.scopeId} onChange={set('scopeId')}>
                <option value="" />
                {targets.map((x) => (
                  <option value={x.id}>{x.name}</option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field id="bu-p" label={t('budgets.period')}>
          {(p) => (
            <select {...p} value={f.period} onChange={set('period')}>
              {PERIODS.map((x) => (
                <option value={x}>{t(`budgets.period.${x}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="bu-a" label={t('budgets.cap')} error={errors.amount}>
          {(p) => <input {...p} inputMode="decimal" value={f.amount} onInput={set('amount')} />}
        </Field>
        <Field id="bu-c" label={t('currency')} error={errors.currency}>
          {(p) => <input {...p} value={typed ?? ''} maxLength={3} size={4} onInput={set('currency')} />}
        </Field>
        <Field id="bu-o" label={t('budgets.overCap')}>
          {(p) => (
            <select {...p} value={f.overCap} onChange={set('overCap')}>
              <option value="hold">{t('budgets.overCap.hold')}</option>
              <option value="step_down">{t('budgets.overCap.step_down')}</option>
            </select>
          )}
        </Field>
        {f.overCap === 'step_down' && (
          <Field id="bu-d" label={t('budgets.stepDown')} error={errors.stepDown}>
            {(p) => <input {...p} inputMode="numeric" value={f.stepDown} size={4} onInput={set('stepDown')} />}
          </Field>
        )}
        <div class="field">
          <button type="submit" class="btn" disabled={act.busy || typed === undefined}>
            {t('budgets.create')}
          </button>
        </div>
      </div>
      <Note note={act.note} />
    </form>
  )
}

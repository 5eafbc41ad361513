// Commission budgets: each with its spend this period, the run-rate forecast and the day it runs out (the
// server's pace; a reached budget ran out when it was reached). Past the cap new commissions are held, or
// paid at a lower rate. Budgets are set through the API (docs/budgets.md): this screen watches them, and
// deletes one.
import type { BudgetStatus } from '@afflio/sdk/types'
import { formatMoney } from '../../kit/format.ts'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Async, Confirm, Day, Empty, Note, useAct } from '../ui.tsx'

export function Budgets() {
  const { t, stores, locale } = useConsole()
  const s = useStore(stores.budgets.$)
  const act = useAct()
  const money = (minor: number | null, currency: string) => (minor === null ? '—' : formatMoney(minor, currency, locale))
  // A group's or a challenge's budget names it by id: `group grp_…`
  const scope = ({ budget: b }: BudgetStatus) => (b.scopeId ? `${b.scope} ${b.scopeId}` : t('budgets.scope.program'))
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
                { label: t('name'), cell: (x) => <>{x.budget.name} <span class="mut">{scope(x)} · {x.budget.period}</span></> },
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
    </section>
  )
}

// The program at a glance: partners, activity over a period, commissions by state, and what waits.
import type { PartnerStatus } from '@afflio/sdk/types'
import { formatNumber } from '../../kit/format.ts'
import { LedgerCards } from '../../kit/LedgerCards.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import type { MessageKey } from '../messages.ts'
import type { Tab } from '../stores.ts'
import { Async, Empty, Money } from '../ui.tsx'

const PERIODS = [7, 30, 90, 0]
const STATUSES: PartnerStatus[] = ['active', 'approved', 'pending', 'suspended']

export function Overview() {
  const { t, locale, stores } = useConsole()
  const s = useStore(stores.overview.$)
  const days = useStore(stores.overview.$days)
  const num = (n: number) => formatNumber(n, locale)

  return (
    <section aria-busy={s.loading}>
      <div class="bar-top">
        <label>
          <span class="mut">{t('period')} </span>
          <select value={days} onChange={(e) => stores.overview.setDays(Number(e.currentTarget.value))}>
            {PERIODS.map((n) => (
              <option value={n}>{n ? t('period.days', { n }) : t('period.all')}</option>
            ))}
          </select>
        </label>
      </div>
      <Async s={s} retry={stores.overview.run}>
        {(d) => {
          const go = (tab: Tab) => stores.$tab.set(tab)
          const waiting: [number | null, MessageKey, Tab][] = [
            [d.waiting.applications, 'waiting.applications', 'applications'],
            [d.waiting.deals, 'waiting.deals', 'deals'],
            [d.waiting.claims, 'waiting.claims', 'claims'],
            [d.waiting.submissions, 'waiting.submissions', 'challenges'],
            [d.unreadThreads, 'waiting.messages', 'messages'],
          ]
          const todo = waiting.filter(([n]) => n)
          return (
            <>
              <dl class="grid">
                <div class="card">
                  <dt>{t('partners')}</dt>
                  <dd data-stat="partners">{num(d.partners.total)}</dd>
                  <small class="mut">{STATUSES.filter((k) => d.partners.byStatus[k]).map((k) => `${num(d.partners.byStatus[k])} ${t(`status.${k}`)}`).join(' · ')}</small>
                </div>
                {(
                  [
                    ['newPartners', d.newPartners],
                    ['clicks', d.clicks],
                    ['leads', d.leads],
                    ['sales', d.sales],
                  ] as const
                ).map(([k, v]) => (
                  <div class="card">
                    <dt>{t(k)}</dt>
                    <dd data-stat={k}>{num(v)}</dd>
                  </div>
                ))}
                <div class="card">
                  <dt>{t('revenue')}</dt>
                  {d.revenue.length ? (
                    d.revenue.map((r) => (
                      <dd data-stat={`revenue-${r.currency}`}>
                        <Money minor={r.amountMinor} currency={r.currency} />
                      </dd>
                    ))
                  ) : (
                    <dd data-stat="revenue">
                      <Money minor={0} currency={d.currency} />
                    </dd>
                  )}
                </div>
              </dl>
              <h3>{t('commissions.allTime')}</h3>
              {d.commissions.length ? (
                <LedgerCards totals={d.commissions} t={t} locale={locale} />
              ) : (
                <Empty text={t('commissions.empty')} />
              )}
              <h3>{t('waiting')}</h3>
              {todo.length ? (
                <ul class="waiting">
                  {todo.map(([n, key, tab]) => (
                    <li>
                      <button type="button" class="btn alt" onClick={() => go(tab)}>
                        {t(key, { n: num(n!) })}
                      </button>
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="mut">{t('waiting.none')}</p>
              )}
            </>
          )
        }}
      </Async>
    </section>
  )
}

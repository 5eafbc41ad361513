// One partner's page: who they are (status, group, tier, referrer, payout details), their last 30 days in
// figures and a chart, balances, links, customers, commissions with their reasons, payouts, the managers'
// notes and the history of changes. "Message" opens their conversation, created on first look, so a
// manager can write first.
import type { AuditEntry, Link, PartnerNote, PortalPayout } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { CustomerTable } from '../../customer-table.tsx'
import { Badge } from '../../kit/Badge.tsx'
import { Chart } from '../../kit/Chart.tsx'
import { Field } from '../../kit/Field.tsx'
import { formatDateTime, formatMoney, formatNumber } from '../../kit/format.ts'
import { LedgerCards } from '../../kit/LedgerCards.tsx'
import { MoreButton } from '../../kit/MoreButton.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Async, Day, Note, Paged, useAct } from '../ui.tsx'
import { changes, who } from './Activity.tsx'
import { Item } from './Commissions.tsx'
import { PartnerCodes } from './CouponCodes.tsx'

export function PartnerDetail({ id }: { id: string }) {
  const { t, stores, locale } = useConsole()
  const s = useStore(stores.partner.view.$)
  const groups = useStore(stores.groups.$).data
  const names = useStore(stores.directory.$).data
  const p = stores.partner
  const data = s.data?.partner.id === id ? s.data : undefined
  return (
    <section>
      <div class="bar-top">
        <button type="button" class="btn alt" onClick={() => p.open(null)}>
          ← {t('partner.back')}
        </button>
        <button
          type="button"
          class="btn"
          onClick={() => {
            stores.threads.open(id)
            stores.$tab.set('messages')
          }}
        >
          {t('partner.message')}
        </button>
      </div>
      <Async s={{ ...s, data }} retry={p.view.run}>
        {({ partner, overview: o, payouts }) => {
          const ref = partner.referredById && names?.get(partner.referredById)
          const d = payouts.payoutDetails
          const money = (n: number) => formatMoney(n, o.currency, locale)
          const facts: Array<[string, preact.ComponentChildren]> = [
            [t('status'), <Badge kind="status" value={partner.status} />],
            [t('email'), partner.email],
            [t('group'), groups?.find((g) => g.id === partner.groupId)?.name ?? t('group.none')],
            [t('tier'), partner.pinnedTier ?? o.tier?.name ?? '—'],
            [t('partner.referrer'), ref ? (ref.name ?? ref.email) : (partner.referredById ?? '—')],
            [t('partner.payoutDetails'), d ? `${t(`method.${d.method}`)}${d.email ? ` · ${d.email}` : ''}` : t('partner.notSet')],
            [t('joined'), <Day iso={partner.createdAt} />],
          ]
          return (
            <>
              <h3>{partner.name ?? partner.email}</h3>
              <dl class="facts">
                {facts.map(([k, v]) => (
                  <>
                    <dt>{k}</dt>
                    <dd>{v}</dd>
                  </>
                ))}
              </dl>
              <h3>{t('partner.last30')}</h3>
              <dl class="grid">
                {(['clicks', 'leads', 'sales'] as const).map((k) => (
                  <div class="card">
                    <dt>{t(k)}</dt>
                    <dd data-stat={k}>{formatNumber(o[k], locale)}</dd>
                  </div>
                ))}
                <div class="card">
                  <dt>{t('revenue')}</dt>
                  <dd data-stat="revenue">{money(o.revenueMinor)}</dd>
                </div>
              </dl>
              <Chart points={o.series.map((x) => ({ date: x.date, value: x.earningsMinor }))} label={t('earnings')} format={money} />
              <h3>{t('balances.allTime')}</h3>
              <LedgerCards totals={payouts.balances} t={t} locale={locale} />
              <h3>{t('partner.links')}</h3>
              <ul class="plain">
                {partner.links.map((l: Link) => (
                  <li class="url">{l.url ?? l.code}</li>
                ))}
              </ul>
              <h3>{t('partner.payouts')}</h3>
              {payouts.history.length ? (
                <Table
                  caption={t('partner.payouts')}
                  rows={payouts.history}
                  cols={[
                    { label: t('date'), cell: (x: PortalPayout) => <Day iso={x.createdAt} /> },
                    { label: t('status'), cell: (x) => <Badge kind="payout" value={x.status} /> },
                    { label: t('amount'), num: true, cell: (x) => formatMoney(x.amountMinor, x.currency, locale) },
                  ]}
                />
              ) : (
                <p class="mut">{t('partner.none')}</p>
              )}
              {payouts.historyNextCursor && <MoreButton onMore={p.morePayouts} />}
            </>
          )
        }}
      </Async>
      <PartnerCodes />
      <h3>{t('tab.customers')}</h3>
      <Paged store={p.customers} empty={t('customers.empty')}>
        {(rows) => <CustomerTable rows={rows} t={t} locale={locale} caption={t('tab.customers')} />}
      </Paged>
      <h3>{t('tab.commissions')}</h3>
      <Paged store={p.commissions} empty={t('partner.none')}>
        {(items) => items.map((c) => <Item key={c.id} c={c} />)}
      </Paged>
      <Notes />
      <h3>{t('partner.history')}</h3>
      <Paged store={p.audit} empty={t('partner.none')}>
        {(items: AuditEntry[]) => (
          <ul class="plain">
            {items.map((e) => (
              <li class="it">
                <small>
                  {formatDateTime(e.at, locale)} · {who(t, e.actor)}
                </small>
                <div>{t(`audit.${e.action}`)}</div>
                {changes(t, e).map((line) => (
                  <div class="sm">{line}</div>
                ))}
              </li>
            ))}
          </ul>
        )}
      </Paged>
    </section>
  )
}

function Notes() {
  const { t, stores, locale } = useConsole()
  const [body, setBody] = useState('')
  const [error, setError] = useState('')
  const act = useAct()
  const add = (e: Event) => {
    e.preventDefault()
    const text = body.trim()
    setError(text ? '' : t('required'))
    if (text) void act.run(async () => (await stores.partner.addNote(text), setBody('')))
  }
  return (
    <>
      <h3>{t('partner.notes')}</h3>
      <form onSubmit={add} noValidate>
        <Field id="pn-b" label={t('partner.note')} error={error}>
          {(p) => <textarea {...p} maxLength={5000} value={body} onInput={(e) => setBody(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="btn" disabled={act.busy}>
          {t('partner.addNote')}
        </button>
        <Note note={act.note} />
      </form>
      <Paged store={stores.partner.notes} empty={t('partner.noNotes')}>
        {(items: PartnerNote[]) => (
          <ul class="plain">
            {items.map((n) => (
              <li class="it" data-note={n.id}>
                <small>
                  {formatDateTime(n.createdAt, locale)} · {n.author.label ?? n.author.id}
                </small>
                <p class="pre">{n.body}</p>
              </li>
            ))}
          </ul>
        )}
      </Paged>
    </>
  )
}

// Partners with their figures, searched, filtered (status, group, segment) and sorted by any column on the
// server; a name opens the partner's page. Select some, then one bulk action: move to a group, set their
// status, pin them at a tier (named by the rules' tiers, or typed), or pay them now. Below, the program's
// site URL, where their links go (SiteUrl.tsx).
import type { BulkPartnerAction, PartnerSort, PartnerStatus, PayoutRunPreview } from '@afflio/sdk/types'
import { useRef, useState } from 'preact/hooks'
import { Badge } from '../../kit/Badge.tsx'
import { Field } from '../../kit/Field.tsx'
import { formatNumber } from '../../kit/format.ts'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import type { PartnerFilter } from '../stores.ts'
import { ConfirmQuestion, Day, Money, Note, Paged, total, useAct } from '../ui.tsx'
import { PartnerDetail } from './PartnerDetail.tsx'
import { SiteUrlForm } from './SiteUrl.tsx'

export const STATUSES: PartnerStatus[] = ['active', 'approved', 'pending', 'suspended']

/** The sortable columns: their header words and (for figures) that a larger value comes first */
const COLS: Array<[PartnerSort, 'name' | 'clicks' | 'sales' | 'revenue' | 'earnings' | 'partners.lastActivity' | 'joined']> = [
  ['name', 'name'],
  ['clicks', 'clicks'],
  ['sales', 'sales'],
  ['revenue', 'revenue'],
  ['earnings', 'earnings'],
  ['lastActivity', 'partners.lastActivity'],
  ['createdAt', 'joined'],
]

export function Partners() {
  const open = useStore(useConsole().stores.partner.$id)
  return open ? <PartnerDetail id={open} /> : <PartnerList />
}

/** How long typing pauses before the list is searched: a request a word, not a keystroke. */
const SEARCH_PAUSE_MS = 300

function PartnerList() {
  const { t, stores, locale } = useConsole()
  const filter = useStore(stores.partners.$filter)
  const groups = useStore(stores.groups.$).data ?? []
  const segments = useStore(stores.segments.$).data ?? []
  const selected = useStore(stores.partners.$selected)
  const set = (k: keyof PartnerFilter, v: string) => stores.partners.filter({ ...stores.partners.$filter.get(), [k]: v || undefined })
  // What is typed in the search: held here, or a render meanwhile (the list arriving) would put the filter's
  // words back in the field and lose it. It searches once typing pauses (SEARCH_PAUSE_MS), at once on Enter;
  // an emptied field lists everyone again.
  const [typed, setTyped] = useState(filter.q ?? '')
  const pause = useRef<ReturnType<typeof setTimeout>>()
  const search = (q: string, after = 0) => {
    clearTimeout(pause.current)
    const run = () => q.trim() !== (stores.partners.$filter.get().q ?? '') && set('q', q.trim())
    if (after) pause.current = setTimeout(run, after)
    else run()
  }
  // The outcome outlives the bar: a bulk action clears the selection, which hides the bar.
  const act = useAct()

  return (
    <section>
      {/* Partners join by applying, or by invitation: the Import tab invites one or many. */}
      <div class="bar-top">
        <button type="button" class="btn alt" onClick={() => stores.$tab.set('import')}>
          {t('partners.add')}
        </button>
      </div>
      <div class="filters" role="group" aria-label={t('filters')}>
        <Field id="pf-q" label={t('partners.search')}>
          {(p) => (
            <input
              {...p}
              type="search"
              value={typed}
              onInput={(e) => (setTyped(e.currentTarget.value), search(e.currentTarget.value, SEARCH_PAUSE_MS))}
              onChange={(e) => search(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="pf-s" label={t('status')}>
          {(p) => (
            <select {...p} value={filter.status ?? ''} onChange={(e) => set('status', e.currentTarget.value)}>
              <option value="">{t('all')}</option>
              {STATUSES.map((s) => (
                <option value={s}>{t(`status.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="pf-g" label={t('group')}>
          {(p) => (
            <select {...p} value={filter.groupId ?? ''} onChange={(e) => set('groupId', e.currentTarget.value)}>
              <option value="">{t('all')}</option>
              <option value="none">{t('group.none')}</option>
              {groups.map((g) => (
                <option value={g.id}>{g.name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="pf-seg" label={t('segment')}>
          {(p) => (
            <select {...p} value={filter.segmentId ?? ''} onChange={(e) => set('segmentId', e.currentTarget.value)}>
              <option value="">{t('all')}</option>
              {segments.map((s) => (
                <option value={s.id}>{s.name}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {selected.size > 0 && <Bulk count={selected.size} act={act} />}
      <Note note={act.note} />
      <Paged store={stores.partners} empty={t(filter.q || filter.status || filter.groupId || filter.segmentId ? 'partners.noMatch' : 'partners.empty')}>
        {(items) => {
          const all = items.every((p) => selected.has(p.id))
          return (
            <div class="tw">
              <table>
                <caption class="sr">{t('tab.partners')}</caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label={t('partners.selectAll')}
                        checked={all}
                        onChange={() =>
                          stores.partners.toggle(
                            items.map((p) => p.id),
                            !all,
                          )
                        }
                      />
                    </th>
                    {COLS.map(([key, word], i) => {
                      const on = (filter.sort ?? 'createdAt') === key
                      const order = filter.order ?? 'desc'
                      return (
                        <th scope="col" class={i && i < 5 ? 'num' : undefined} aria-sort={on ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
                          <button
                            type="button"
                            class="sort"
                            title={t('partners.sortBy', { name: t(word) })}
                            onClick={() => stores.partners.filter({ ...filter, sort: key, order: on ? (order === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc' })}
                          >
                            {t(word)}
                            {on ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
                          </button>
                        </th>
                      )
                    })}
                    <th scope="col">{t('status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((p) => {
                    const on = selected.has(p.id)
                    const f = p.performance
                    return (
                      <tr key={p.id} class={on ? 'sel' : undefined}>
                        <td>
                          <input type="checkbox" aria-label={t('partners.select', { name: p.name ?? p.email })} checked={on} onChange={() => stores.partners.toggle([p.id], !on)} />
                        </td>
                        <td>
                          <button type="button" class="lnk" onClick={() => stores.partner.open(p.id)}>
                            {p.name ?? p.email}
                          </button>
                          <small class="mut"> {p.email}</small>
                        </td>
                        <td class="num">{formatNumber(f.clicks, locale)}</td>
                        <td class="num">{formatNumber(f.sales, locale)}</td>
                        <td class="num">
                          <Money minor={f.revenue.amountMinor} currency={f.revenue.currency} />
                        </td>
                        <td class="num">
                          <Money minor={f.earnings.amountMinor} currency={f.earnings.currency} />
                        </td>
                        <td>
                          <Day iso={f.lastActivityAt} />
                        </td>
                        <td>
                          <Day iso={p.createdAt} />
                        </td>
                        <td>
                          <Badge kind="status" value={p.status} />
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          )
        }}
      </Paged>
      <SiteUrlForm />
    </section>
  )
}

type Kind = BulkPartnerAction['action']

function Bulk({ count, act }: { count: number; act: ReturnType<typeof useAct> }) {
  const { t, stores, locale } = useConsole()
  const groups = useStore(stores.groups.$).data ?? []
  const rules = useStore(stores.rules.$).data ?? []
  const tiers = [...new Set(rules.flatMap((r) => r.tiers.map((x) => x.name)))]
  const [kind, setKind] = useState<Kind>('move_group')
  const [group, setGroup] = useState('')
  const [status, setStatus] = useState<PartnerStatus>('active')
  const [tier, setTier] = useState('')

  const apply = (e: Event) => {
    e.preventDefault()
    if (kind === 'pay') return void act.run(askToPay)
    const action: BulkPartnerAction =
      kind === 'move_group' ? { action: kind, groupId: group || null } : kind === 'set_status' ? { action: kind, status } : { action: kind, tier: tier.trim() || null }
    void act.run(async () => {
      const r = await stores.partners.bulk(action)
      const n = (x: number) => x.toLocaleString(locale)
      return t('bulk.done', { changed: n(r.changed), matched: n(r.matched) })
    })
  }

  /** Paying moves money, so it asks first, saying what the run would do for these partners (a preview writes nothing). */
  const [paying, setPaying] = useState<{ ids: string[]; plan: PayoutRunPreview } | null>(null)
  const names = useStore(stores.directory.$).data
  // The question holds for the partners it named: another selection closes it.
  const selected = useStore(stores.partners.$selected)
  const asking = paying && paying.ids.length === selected.size && paying.ids.every((id) => selected.has(id)) ? paying : null
  /** "Bob has no payout details; Cy is owed nothing approved": each of `ids` the plan does not pay, and why */
  const why = (ids: string[], plan: PayoutRunPreview) =>
    ids
      .filter((id) => !plan.payees.some((x) => x.partnerId === id))
      .map((id) => {
        const p = names?.get(id)
        const reason = plan.skipped.find((s) => s.partnerId === id)?.reason ?? 'owed_nothing'
        return t(`bulk.skip.${reason}`, { name: p ? (p.name ?? p.email) : id })
      })
      .join('; ')
  const notPaid = asking ? why(asking.ids, asking.plan) : ''
  const askToPay = async () => {
    const ids = [...stores.partners.$selected.get()]
    const p = await stores.session.call((c) => c.payouts.runs.preview())
    const plan = { ...p, payees: p.payees.filter((x) => ids.includes(x.partnerId)), skipped: p.skipped.filter((x) => ids.includes(x.partnerId)) }
    if (!plan.payees.length) return t('bulk.nobodyPaid', { why: why(ids, plan) })
    setPaying({ ids, plan })
  }
  const pay = () => {
    setPaying(null)
    void act.run(async () => {
      const run = (await stores.partners.bulk({ action: 'pay' })).payoutRun
      // No run: the server found nobody payable after all (the preview was out of date); not "0 payouts".
      if (!run) return t('payouts.nothingToPay')
      return t('bulk.paid', { payouts: run.payouts.length.toLocaleString(locale), skipped: run.skipped.length.toLocaleString(locale) })
    })
  }

  return (
    <form class="bulk" onSubmit={apply} aria-label={t('bulk')}>
      <strong>{t('bulk.selected', { n: count })}</strong>
      <select aria-label={t('bulk.action')} value={kind} onChange={(e) => (setKind(e.currentTarget.value as typeof kind), setPaying(null))}>
          <option value="move_group">{t('bulk.move_group')}</option>
          <option value="set_status">{t('bulk.set_status')}</option>
          <option value="set_tier">{t('bulk.set_tier')}</option>
          <option value="pay">{t('bulk.pay')}</option>
      </select>
      {kind === 'move_group' && (
        <select aria-label={t('group')} value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
          <option value="">{t('group.none')}</option>
          {groups.map((g) => (
            <option value={g.id}>{g.name}</option>
          ))}
        </select>
      )}
      {kind === 'set_status' && (
        <select aria-label={t('status')} value={status} onChange={(e) => setStatus(e.currentTarget.value as PartnerStatus)}>
          {STATUSES.map((s) => (
            <option value={s}>{t(`status.${s}`)}</option>
          ))}
        </select>
      )}
      {kind === 'set_tier' && (
        <>
          <input aria-label={t('bulk.tier')} title={t('bulk.tierHint')} placeholder={t('bulk.tierHint')} list="pb-tiers" value={tier} onInput={(e) => setTier(e.currentTarget.value)} />
          <datalist id="pb-tiers">
            {tiers.map((x) => (
              <option value={x} />
            ))}
          </datalist>
        </>
      )}
      {asking ? (
        <ConfirmQuestion
          name={t('bulk.pay')}
          question={
            t('bulk.payConfirm', { paid: t('payouts.partners', { n: new Set(asking.plan.payees.map((x) => x.partnerId)).size }), amounts: total(asking.plan.payees, locale) }) +
            (notPaid && ` ${t('bulk.notPaid', { why: notPaid })}`)
          }
          onYes={pay}
          onNo={() => setPaying(null)}
        />
      ) : (
        <button type="submit" class="btn" disabled={act.busy}>
          {t('bulk.apply')}
        </button>
      )}
      <button type="button" class="btn alt" onClick={() => stores.partners.toggle([...stores.partners.$selected.get()], false)}>
        {t('bulk.clear')}
      </button>
    </form>
  )
}

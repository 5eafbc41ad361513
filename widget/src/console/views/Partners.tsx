// Partners with filters (status, group, segment); select some, then one bulk action: move to a group,
// set their status, pin them at a tier (named by the rules' tiers, or typed), or pay them now.
import type { BulkPartnerAction, BulkPartnersResult, PartnerStatus } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import type { PartnerFilter } from '../stores.ts'
import { Badge, Day, Note, Paged, useAct } from '../ui.tsx'

export const STATUSES: PartnerStatus[] = ['active', 'approved', 'pending', 'suspended']

export function Partners() {
  const { t, stores } = useConsole()
  const filter = useStore(stores.partners.$filter)
  const groups = useStore(stores.groups.$).data ?? []
  const segments = useStore(stores.segments.$).data ?? []
  const selected = useStore(stores.partners.$selected)
  const set = (k: keyof PartnerFilter, v: string) => stores.partners.filter({ ...stores.partners.$filter.get(), [k]: v || undefined })
  // The outcome outlives the bar: a bulk action clears the selection, which hides the bar.
  const act = useAct()

  return (
    <section>
      <div class="filters" role="group" aria-label={t('filters')}>
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
      <Paged store={stores.partners} empty={t(filter.status || filter.groupId || filter.segmentId ? 'partners.noMatch' : 'partners.empty')}>
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
                    <th scope="col">{t('name')}</th>
                    <th scope="col">{t('email')}</th>
                    <th scope="col">{t('status')}</th>
                    <th scope="col">{t('country')}</th>
                    <th scope="col">{t('joined')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((p) => {
                    const on = selected.has(p.id)
                    return (
                      <tr key={p.id} class={on ? 'sel' : undefined}>
                        <td>
                          <input type="checkbox" aria-label={t('partners.select', { name: p.name ?? p.email })} checked={on} onChange={() => stores.partners.toggle([p.id], !on)} />
                        </td>
                        <td>{p.name ?? '—'}</td>
                        <td>{p.email}</td>
                        <td>
                          <Badge kind="status" value={p.status} />
                        </td>
                        <td>{p.country ?? '—'}</td>
                        <td>
                          <Day iso={p.createdAt} />
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
    const action: BulkPartnerAction =
      kind === 'move_group'
        ? { action: kind, groupId: group || null }
        : kind === 'set_status'
          ? { action: kind, status }
          : kind === 'set_tier'
            ? { action: kind, tier: tier.trim() || null }
            : { action: 'pay' }
    void act.run(async () => describe(await stores.partners.bulk(action)))
  }
  const describe = (r: BulkPartnersResult) => {
    const n = (x: number) => x.toLocaleString(locale)
    if (r.action === 'pay') {
      const run = r.payoutRun
      return t('bulk.paid', { payouts: n(run?.payouts.length ?? 0), skipped: n(run?.skipped.length ?? 0) })
    }
    return t('bulk.done', { changed: n(r.changed), matched: n(r.matched) })
  }

  return (
    <form class="bulk" onSubmit={apply} aria-label={t('bulk')}>
      <strong>{t('bulk.selected', { n: count })}</strong>
      <select aria-label={t('bulk.action')} value={kind} onChange={(e) => setKind(e.currentTarget.value as typeof kind)}>
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
      <button type="submit" class="btn" disabled={act.busy}>
        {t('bulk.apply')}
      </button>
      <button type="button" class="btn alt" onClick={() => stores.partners.toggle([...stores.partners.$selected.get()], false)}>
        {t('bulk.clear')}
      </button>
    </form>
  )
}

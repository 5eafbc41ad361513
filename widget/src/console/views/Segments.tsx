// Segments: saved filters with their live count (a shortcut to their partners), and a builder for a new
// one: conditions, all or any of them, a preview count before saving.
import type { PartnerGroup, PartnerStatus, SegmentCondition, SegmentDefinition, SegmentPeriod, SegmentPreview } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { formatMoney, formatNumber } from '../../kit/format.ts'
import { Field } from '../../kit/Field.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import type { MessageKey, T } from '../messages.ts'
import { amountError, Async, Confirm, Day, Empty, Note, toMinor, useAct } from '../ui.tsx'
import { STATUSES } from './Partners.tsx'

type Type = SegmentCondition['type']
const TYPES: Type[] = ['status', 'group', 'lastClickOlderThanDays', 'clicksAtLeast', 'salesAtLeast', 'revenueAtLeast', 'revenueTopPercent', 'joined', 'country', 'tier']
const PERIODS: SegmentPeriod[] = ['last_7_days', 'last_30_days', 'last_90_days', 'last_365_days', 'this_month', 'last_month', 'this_quarter', 'last_quarter', 'this_year', 'last_year', 'lifetime']

/** A condition as the manager types it: every input as text; `toCondition` checks and converts it. */
interface Row {
  type: Type
  a: string
  b: string
  period: SegmentPeriod
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)

/** The currency a revenue condition's amount is read in: its own, or the program's when it has none (or no code). */
const revenueUnit = (r: Row, currency: string) => {
  const cur = (r.b || currency).toUpperCase()
  return /^[A-Z]{3}$/.test(cur) ? cur : currency
}

function toCondition(r: Row, currency: string, locale: string): SegmentCondition | null {
  const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : null)
  switch (r.type) {
    case 'status':
      return { type: 'status', in: [(r.a || 'active') as PartnerStatus] }
    case 'group':
      return r.a ? (r.a === 'none' ? { type: 'group', none: true } : { type: 'group', in: [r.a] }) : null
    case 'country':
      return list(r.a).length ? { type: 'country', in: list(r.a) } : null
    case 'tier':
      return list(r.a).length ? { type: 'tier', in: list(r.a) } : null
    case 'joined':
      return r.a || r.b ? { type: 'joined', ...(r.a ? { after: r.a } : {}), ...(r.b ? { before: r.b } : {}) } : null
    case 'lastClickOlderThanDays':
      return int(r.a) ? { type: r.type, days: int(r.a)! } : null
    case 'clicksAtLeast':
    case 'salesAtLeast':
      return int(r.a) ? { type: r.type, count: int(r.a)!, period: r.period } : null
    case 'revenueAtLeast': {
      const cur = (r.b || currency).toUpperCase()
      const amount = toMinor(r.a, revenueUnit(r, currency), locale)
      return amount !== null ? { type: r.type, amountMinor: amount, currency: cur, period: r.period } : null
    }
    case 'revenueTopPercent': {
      // Read as every number a manager types, in the console's locale ("12,5" in de-DE), to 2 decimals
      const bps = toMinor(r.a, 2, locale)
      return bps && bps <= 10_000 ? { type: r.type, percent: bps / 100, period: r.period } : null
    }
  }
}

/** A condition in words, for the list: "Top 10% by revenue, last 30 days". */
export function describe(c: SegmentCondition, t: T, locale: string, groups: PartnerGroup[]): string {
  const period = 'period' in c ? t(`segPeriod.${c.period}` as MessageKey) : ''
  switch (c.type) {
    case 'status':
      return t('cond.status.is', { v: c.in.map((s) => t(`status.${s}`)).join(', ') })
    case 'group':
      return t('cond.group.is', { v: [...(c.in ?? []).map((id) => groups.find((g) => g.id === id)?.name ?? id), ...(c.none ? [t('group.none')] : [])].join(', ') })
    case 'country':
    case 'tier':
      return t(`cond.${c.type}.is`, { v: [...(c.in ?? []), ...(c.none ? ['—'] : [])].join(', ') })
    case 'joined':
      return t('cond.joined.is', { v: [c.after && `≥ ${c.after.slice(0, 10)}`, c.before && `< ${c.before.slice(0, 10)}`].filter(Boolean).join(' ') })
    case 'lastClickOlderThanDays':
      return t('cond.dormant', { n: formatNumber(c.days, locale) })
    case 'clicksAtLeast':
    case 'salesAtLeast':
      return t(`cond.${c.type}.is`, { n: formatNumber(c.count, locale), period })
    case 'revenueAtLeast':
      return t('cond.revenueAtLeast.is', { v: formatMoney(c.amountMinor, c.currency, locale), period })
    case 'revenueTopPercent':
      return t('cond.revenueTopPercent.is', { n: formatNumber(c.percent, locale), period })
  }
}

export function describeDefinition(d: SegmentDefinition, t: T, locale: string, groups: PartnerGroup[]): string {
  const all = d.conditions.map((c) => describe(c, t, locale, groups))
  const any = (d.any ?? []).map((c) => describe(c, t, locale, groups))
  if (!all.length && !any.length) return t('seg.everyone')
  return [all.join(t('seg.and')), any.length ? `(${any.join(t('seg.or'))})` : ''].filter(Boolean).join(t('seg.and'))
}

export function Segments() {
  const { t, stores, locale } = useConsole()
  const s = useStore(stores.segments.$)
  const groups = useStore(stores.groups.$).data ?? []
  const act = useAct()
  const show = (segmentId: string) => {
    stores.partners.filter({ segmentId })
    stores.$tab.set('partners')
  }
  return (
    <section>
      <Note note={act.note} />
      <Async s={s} retry={stores.segments.run}>
        {(segments) =>
          segments.length ? (
            <Table
              caption={t('tab.segments')}
              rows={segments}
              cols={[
                { label: t('name'), cell: (x) => (x.description ? <>{x.name}<br /><small class="mut">{x.description}</small></> : x.name) },
                { label: t('seg.conditions'), cell: (x) => describeDefinition(x.definition, t, locale, groups) },
                { label: t('partners'), num: true, cell: (x) => <span data-count={x.id}>{formatNumber(x.count, locale)}</span> },
                { label: t('created'), cell: (x) => <Day iso={x.createdAt} /> },
                {
                  label: t('actions'),
                  cell: (x) => (
                    <span class="acts">
                      <button type="button" class="btn alt" onClick={() => show(x.id)}>
                        {t('seg.show')}
                      </button>
                      <Confirm
                        label={t('delete')}
                        confirm={t('seg.deleteConfirm', { name: x.name })}
                        onConfirm={() =>
                          act.run(async () => {
                            await stores.segmentsActions.remove(x.id)
                            return t('seg.deleted', { name: x.name })
                          })
                        }
                      />
                    </span>
                  ),
                },
              ]}
            />
          ) : (
            <Empty text={t('seg.empty')} />
          )
        }
      </Async>
      <Builder />
    </section>
  )
}

const blank = (): Row => ({ type: 'status', a: 'active', b: '', period: 'last_30_days' })

function Builder() {
  const { t, stores, locale } = useConsole()
  const groups = useStore(stores.groups.$).data ?? []
  const currency = useStore(stores.program.$).data?.currency ?? 'USD'
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [match, setMatch] = useState<'all' | 'any'>('all')
  const [rows, setRows] = useState<Row[]>([blank()])
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [preview, setPreview] = useState<SegmentPreview | null>(null)
  const act = useAct()
  const setRow = (i: number, r: Partial<Row>) => {
    setRows((rows) => rows.map((x, j) => (j === i ? { ...x, ...r } : x)))
    setPreview(null)
  }
  // The rows below move up a place: an error named by a condition's place (c2) would land on the wrong one
  const removeRow = (i: number) => {
    setRows((rows) => rows.filter((_, j) => j !== i))
    setErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([k]) => !/^c\d+$/.test(k))))
    setPreview(null)
  }

  /** The definition, or null (with the rows' errors shown) when a condition is incomplete. */
  const definition = (): SegmentDefinition | null => {
    const conditions = rows.map((r) => toCondition(r, currency, locale))
    const bad = conditions.findIndex((c) => c === null)
    const r = rows[bad] // none at -1
    setErrors(r ? { [`c${bad}`]: r.type === 'revenueAtLeast' ? amountError(t, r.a, revenueUnit(r, currency), t('seg.incomplete'), locale) : t('seg.incomplete') } : {})
    if (r) return null
    const list = conditions as SegmentCondition[]
    return match === 'all' || list.length < 2 ? { conditions: list } : { conditions: [], any: list }
  }
  const doPreview = () => {
    const def = definition()
    if (!def) return
    void act.run(async () => {
      setPreview(await stores.session.call((c) => c.segments.preview(def)))
    })
  }
  const save = (e: Event) => {
    e.preventDefault()
    const def = definition()
    if (!name.trim()) setErrors((x) => ({ ...x, name: t('required') }))
    if (!def || !name.trim()) return
    void act.run(async () => {
      const seg = await stores.segmentsActions.create({ name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), definition: def })
      setName('')
      setDescription('')
      setRows([blank()])
      setPreview(null)
      return t('seg.created', { name: seg.name, n: formatNumber(seg.count, locale) })
    })
  }

  return (
    <form onSubmit={save} noValidate>
      <h3>{t('seg.new')}</h3>
      <div class="row">
        <Field id="sg-n" label={t('name')} error={errors.name}>
          {(p) => <input {...p} value={name} onInput={(e) => setName(e.currentTarget.value)} />}
        </Field>
        <Field id="sg-d" label={t('seg.description')}>
          {(p) => <input {...p} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />}
        </Field>
      </div>
      <fieldset>
        <legend>
          <label>
            {t('seg.match')}{' '}
            <select value={match} onChange={(e) => (setMatch(e.currentTarget.value as 'all' | 'any'), setPreview(null))}>
              <option value="all">{t('seg.matchAll')}</option>
              <option value="any">{t('seg.matchAny')}</option>
            </select>
          </label>
        </legend>
        {rows.map((r, i) => (
          <div class="cond" role="group" aria-label={t('seg.conditionN', { n: i + 1 })}>
            <Field id={`sc-t${i}`} label={t('seg.condition')} error={errors[`c${i}`]}>
              {(p) => (
                <select {...p} value={r.type} onChange={(e) => setRow(i, { ...blank(), type: e.currentTarget.value as Type, a: e.currentTarget.value === 'status' ? 'active' : '' })}>
                  {TYPES.map((x) => (
                    <option value={x}>{t(`cond.${x}` as MessageKey)}</option>
                  ))}
                </select>
              )}
            </Field>
            <Inputs r={r} i={i} set={(x) => setRow(i, x)} groups={groups} currency={currency} />
            {rows.length > 1 && (
              <button type="button" class="btn alt" aria-label={t('seg.removeCondition', { n: i + 1 })} onClick={() => removeRow(i)}>
                ×
              </button>
            )}
          </div>
        ))}
        <button type="button" class="btn alt" onClick={() => setRows((rows) => [...rows, blank()])}>
          {t('seg.addCondition')}
        </button>
      </fieldset>
      <div class="acts">
        <button type="button" class="btn alt" disabled={act.busy} onClick={doPreview}>
          {t('seg.preview')}
        </button>
        <button type="submit" class="btn" disabled={act.busy}>
          {t('seg.save')}
        </button>
      </div>
      <p role="status" aria-live="polite" class="note">
        {preview &&
          t('seg.previewCount', { n: formatNumber(preview.count, locale) }) +
            (preview.sample.length ? ` ${t('seg.sample', { names: preview.sample.map((p) => p.name ?? p.email).join(', ') })}` : '')}
      </p>
      <Note note={act.note} />
    </form>
  )
}

function Inputs({ r, i, set, groups, currency }: { r: Row; i: number; set: (r: Partial<Row>) => void; groups: PartnerGroup[]; currency: string }) {
  const { t } = useConsole()
  const text = (label: string, key: 'a' | 'b', extra: Record<string, string> = {}) => (
    <Field id={`sc-${key}${i}`} label={label}>
      {(p) => <input {...p} {...extra} value={r[key]} onInput={(e) => set({ [key]: e.currentTarget.value })} />}
    </Field>
  )
  const period = (
    <Field id={`sc-p${i}`} label={t('period')}>
      {(p) => (
        <select {...p} value={r.period} onChange={(e) => set({ period: e.currentTarget.value as SegmentPeriod })}>
          {PERIODS.map((x) => (
            <option value={x}>{t(`segPeriod.${x}` as MessageKey)}</option>
          ))}
        </select>
      )}
    </Field>
  )
  const num = { inputMode: 'decimal' }
  switch (r.type) {
    case 'status':
      return (
        <Field id={`sc-a${i}`} label={t('status')}>
          {(p) => (
            <select {...p} value={r.a} onChange={(e) => set({ a: e.currentTarget.value })}>
              {STATUSES.map((s) => (
                <option value={s}>{t(`status.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
      )
    case 'group':
      return (
        <Field id={`sc-a${i}`} label={t('group')}>
          {(p) => (
            <select {...p} value={r.a} onChange={(e) => set({ a: e.currentTarget.value })}>
              <option value="">{t('seg.pick')}</option>
              <option value="none">{t('group.none')}</option>
              {groups.map((g) => (
                <option value={g.id}>{g.name}</option>
              ))}
            </select>
          )}
        </Field>
      )
    case 'country':
      return text(t('seg.countries'), 'a')
    case 'tier':
      return text(t('seg.tiers'), 'a')
    case 'joined':
      return (
        <>
          {text(t('seg.after'), 'a', { type: 'date' })}
          {text(t('seg.before'), 'b', { type: 'date' })}
        </>
      )
    case 'lastClickOlderThanDays':
      return text(t('seg.days'), 'a', num)
    case 'clicksAtLeast':
    case 'salesAtLeast':
      return (
        <>
          {text(t('seg.atLeast'), 'a', num)}
          {period}
        </>
      )
    case 'revenueAtLeast':
      return (
        <>
          {text(t('seg.amount'), 'a', num)}
          {text(t('currency'), 'b', { placeholder: currency, maxLength: '3' })}
          {period}
        </>
      )
    case 'revenueTopPercent':
      return (
        <>
          {text(t('seg.percent'), 'a', num)}
          {period}
        </>
      )
  }
}


// Commission rules and their tiers: the list (edit one, see its versions, archive it), and one form with a
// tier table for a new rule and for an edit (which the server keeps as the rule's next version), and
// "Test on past sales" before saving (Backtest.tsx).
import type { BacktestResult, CommissionRule, CommissionRuleVersion, CommissionTier, CreateRuleInput, UpdateRuleInput } from '@afflio/sdk/types'
import { useEffect, useState } from 'preact/hooks'
import { formatMoney, formatNumber, formatPercent, fractionDigits } from '../../kit/format.ts'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { amountError, amountText, Async, Confirm, Day, Empty, Failed, fieldErrors, Loading, Note, toMinor, useAct } from '../ui.tsx'
import { Backtest } from './Backtest.tsx'

type Metric = NonNullable<CommissionRule['tierMetric']>
type Period = NonNullable<CommissionRule['tierPeriod']>
const METRICS: Metric[] = ['sales', 'paid_customers', 'revenue']
const PERIODS: Period[] = ['lifetime', 'month', 'quarter', 'year']

export function Rules() {
  const { t, stores, locale } = useConsole()
  const s = useStore(stores.rules.$)
  const groups = useStore(stores.groups.$).data ?? []
  const currency = useStore(stores.program.$).data?.currency ?? 'USD'
  const act = useAct()
  const [editing, setEditing] = useState<string | null>(null)
  const [history, setHistory] = useState<string | null>(null)
  const rate = (r: { type: CommissionRule['type']; currency: string | null }, v: number) =>
    r.type === 'percent' ? formatPercent(v / 10_000, locale, 2) : formatMoney(v, r.currency ?? currency, locale)
  const threshold = (r: CommissionRule, tier: CommissionTier) =>
    r.tierMetric === 'revenue' ? formatMoney(tier.from, currency, locale) : `${formatNumber(tier.from, locale)} ${t(`metric.${r.tierMetric ?? 'sales'}`)}`
  const scope = (r: CommissionRule) =>
    [
      r.groupId ? t('rules.forGroup', { name: groups.find((g) => g.id === r.groupId)?.name ?? r.groupId }) : r.partnerId ? t('rules.forPartner', { id: r.partnerId }) : t('rules.forProgram'),
      r.productId && t('rules.forProduct', { id: r.productId }),
    ]
      .filter(Boolean)
      .join(', ')

  return (
    <section>
      <Note note={act.note} />
      <Async s={s} retry={stores.rules.run}>
        {(rules) =>
          rules.length ? (
            rules.map((r) => (
              <article class="item" key={r.id} aria-label={r.name}>
                <div class="head">
                  <h4>
                    {r.name} <span class="mut">{t('rules.v', { n: r.version })}</span>
                  </h4>
                  <button type="button" class="btn alt" aria-expanded={editing === r.id} onClick={() => setEditing(editing === r.id ? null : r.id)}>
                    {t('rules.edit')}
                  </button>
                  <button type="button" class="btn alt" aria-expanded={history === r.id} onClick={() => setHistory(history === r.id ? null : r.id)}>
                    {t('rules.history')}
                  </button>
                  <Confirm
                    label={t('rules.archive')}
                    confirm={t('rules.archiveConfirm', { name: r.name })}
                    disabled={act.busy}
                    onConfirm={() =>
                      act.run(async () => {
                        await stores.rules.archive(r.id)
                        return t('rules.archived', { name: r.name })
                      })
                    }
                  />
                </div>
                <p>
                  {t(`rules.${r.event}`, { rate: rate(r, r.value) })}
                  {/* A lead pays once per customer: a lead rule's stored `recurring` (forever by default) means nothing */}
                  {r.event === 'lead' ? ` · ${t('rules.leadOnce')}` : r.recurring !== 'none' && ` · ${t(`recurring.${r.recurring}`, { n: r.recurringLimit ?? 0 })}`}
                </p>
                <p class="mut">{scope(r)}</p>
                {r.tiers.length > 0 && (
                  <>
                    <p class="mut">{t('rules.tiersBy', { metric: t(`metric.${r.tierMetric ?? 'sales'}`), period: t(`tierPeriod.${r.tierPeriod ?? 'lifetime'}`) })}</p>
                    <ul>
                      {r.tiers.map((tier) => (
                        <li>{t('rules.tier', { name: tier.name, from: threshold(r, tier), rate: rate(r, tier.value) })}</li>
                      ))}
                    </ul>
                  </>
                )}
                {history === r.id && <Versions id={r.id} version={r.version} terms={(v) => t(`rules.${v.event}`, { rate: rate(v, v.value) })} />}
                {editing === r.id && <RuleForm key={`${r.id}-${r.version}`} rule={r} currency={currency} done={() => setEditing(null)} />}
              </article>
            ))
          ) : (
            <Empty text={t('rules.empty')} />
          )
        }
      </Async>
      <RuleForm currency={currency} />
    </section>
  )
}

interface TierRow {
  name: string
  from: string
  value: string
}

/** A rule's versions, newest first: from when each priced sales, and its terms. */
function Versions({ id, version, terms }: { id: string; version: number; terms: (v: CommissionRuleVersion) => string }) {
  const { t, stores } = useConsole()
  const [s, setS] = useState<{ data?: CommissionRuleVersion[]; error?: unknown }>({})
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let live = true
    setS({})
    stores.session.call((c) => c.rules.versions(id)).then(
      (page) => live && setS({ data: page.data }),
      (error: unknown) => live && setS({ error }),
    )
    return () => void (live = false)
  }, [id, version, attempt])
  if (s.error) return <Failed error={s.error} retry={() => setAttempt(attempt + 1)} />
  if (!s.data) return <Loading />
  return (
    <ol class="mut" aria-label={t('rules.history')} reversed>
      {s.data.map((v) => (
        <li key={v.version} data-version={v.version}>
          {t('rules.v', { n: v.version })} · {v.name} · <Day iso={v.createdAt} />: {terms(v)}
        </li>
      ))}
    </ol>
  )
}

/** The fields an API error may name (`tiers.1.from`: the second tier row's threshold, as the form sent them). */
const SHOWN = /^(name|value|type|tierMetric|tiers|tiers\.\d+\.(name|from|value))$/

/** A new rule, or an edit of `rule` (prefilled; its event stays), which becomes the rule's next version. */
function RuleForm({ currency, rule, done }: { currency: string; rule?: CommissionRule; done?: () => void }) {
  const { t, stores, locale } = useConsole()
  const groups = useStore(stores.groups.$).data ?? []
  // Ids unique in the view: the edit form shows beside the new rule's
  const px = rule ? 're' : 'ru'
  const digits = fractionDigits(rule?.currency ?? currency)
  // Back to what a manager types, in the console's locale: 2500 bps → "25", 1999 cents → "19.99" ("19,99" in de-DE)
  const text = (type: CommissionRule['type'], v: number) => amountText(v, type === 'percent' ? 2 : digits, locale)
  const [f, setF] = useState({
    name: rule?.name ?? '',
    event: rule?.event ?? 'sale',
    type: rule?.type ?? 'percent',
    value: rule ? text(rule.type, rule.value) : '',
    groupId: rule?.groupId ?? '',
    productId: rule?.productId ?? '',
    recurring: rule?.recurring ?? 'none',
    metric: rule?.tierMetric ?? ('sales' as Metric),
    period: rule?.tierPeriod ?? ('lifetime' as Period),
  })
  const [tiers, setTiers] = useState<TierRow[]>(
    rule?.tiers.map((x) => ({ name: x.name, from: amountText(x.from, rule.tierMetric === 'revenue' ? fractionDigits(currency) : 0, locale), value: text(rule.type, x.value) })) ?? [],
  )
  const [errors, setErrors] = useState<Record<string, string>>({})
  /** Forgets the errors of the fields `stale` matches: what they said no longer holds. */
  const dropErrors = (stale: RegExp) => setErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([k]) => !stale.test(k))))
  const act = useAct()
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value
    setF((f) => ({ ...f, [k]: v, ...(k === 'event' && v === 'lead' ? { type: 'flat' as const } : {}) }))
    // An amount's error (the rule's or a tier's) was about a percentage or an amount: another kind of rule makes it stale.
    if (k === 'type' || k === 'event') dropErrors(/^(tiers\.\d+\.)?value$/)
  }
  // A percentage is read in basis points: 2 decimals
  const unit = f.type === 'percent' ? 2 : (rule?.currency ?? currency)
  const amount = (text: string) => toMinor(text, unit, locale)
  const setTier = (i: number, k: keyof TierRow, v: string) => setTiers((tiers) => tiers.map((x, j) => (j === i ? { ...x, [k]: v } : x)))
  // The rows below move up a place: errors named by a row's place would land on the wrong tier.
  const removeTier = (i: number) => {
    setTiers((tiers) => tiers.filter((_, j) => j !== i))
    dropErrors(/^tiers\./)
  }

  /** The form as a new rule and as an edit of `rule`, or null (and the errors shown) when it is not valid. */
  const proposal = (): { input: CreateRuleInput; update: UpdateRuleInput } | null => {
    const bad: Record<string, string> = {}
    const value = amount(f.value)
    if (!f.name.trim()) bad.name = t('required')
    const badRate = (v: number | null, text: string) => (v === null || (f.type === 'percent' && v > 10_000) ? amountError(t, text, unit, t(f.type === 'percent' ? 'rules.badPercent' : 'rules.badAmount'), locale) : undefined)
    const valueError = badRate(value, f.value)
    if (valueError) bad.value = valueError
    const revenue = f.metric === 'revenue'
    const tierList = tiers.map((x, i) => {
      const tier = { name: x.name.trim(), from: toMinor(x.from, revenue ? currency : 0, locale), value: amount(x.value) }
      // Each problem on its own tier's field, as the API's errors are (tiers.1.from)
      if (!tier.name) bad[`tiers.${i}.name`] = t('required')
      if (tier.from === null) bad[`tiers.${i}.from`] = revenue ? amountError(t, x.from, currency, t('rules.badAmount'), locale) : t('rules.badFrom')
      const rateError = badRate(tier.value, x.value)
      if (rateError) bad[`tiers.${i}.value`] = rateError
      return tier
    })
    setErrors(bad)
    if (Object.keys(bad).length) return null
    const input: CreateRuleInput = {
      name: f.name.trim(),
      event: f.event,
      type: f.type,
      value: value!,
      ...(f.groupId ? { groupId: f.groupId } : {}),
      ...(f.productId.trim() ? { productId: f.productId.trim() } : {}),
      ...(f.event === 'sale' ? { recurring: f.recurring } : {}),
      ...(tierList.length ? { tiers: tierList as CommissionTier[], tierMetric: f.metric, tierPeriod: f.period } : {}),
    }
    // An edit says what the form shows, cleared fields included; a percentage has no currency
    const { event: _e, ...edit } = input
    const update: UpdateRuleInput = { ...edit, groupId: f.groupId || null, productId: f.productId.trim() || null, ...(!tierList.length && { tiers: [], tierMetric: null, tierPeriod: null }), ...(f.type === 'percent' && { currency: null }) }
    return { input, update }
  }

  const [days, setDays] = useState('90')
  // A backtest is of the form as it was when run: once a field changes (or the rule is saved and the form
  // emptied) its figures are no longer this proposal's, and are not shown as if they were
  const shape = JSON.stringify([f, tiers, days])
  const [tested, setTested] = useState<{ result: BacktestResult; days: number; shape: string } | null>(null)
  const test = () => {
    const p = proposal()
    const n = Number(days)
    if (!Number.isInteger(n) || n < 1 || n > 365) return void setErrors((e) => ({ ...e, days: t('required') }))
    if (!p) return
    void act.run(async () => {
      try {
        setTested({ result: await stores.rules.backtest(rule ? { days: n, ruleId: rule.id, edit: p.update } : { days: n, add: p.input }), days: n, shape })
      } catch (error) {
        // The proposal is the backtest's `edit` or `add`: its field errors are the form's (edit.tiers.0.value)
        setErrors(fieldErrors(error, (x) => SHOWN.test(x), (x) => x.replace(/^(edit|add)\./, '')))
      }
    })
  }

  const submit = (e: Event) => {
    e.preventDefault()
    const p = proposal()
    if (!p) return
    const { input, update } = p
    void act.run(async () => {
      try {
        if (rule) await stores.rules.update(rule.id, update)
        else await stores.rules.create(input)
      } catch (error) {
        return void setErrors(fieldErrors(error, (x) => SHOWN.test(x)))
      }
      if (rule) return void done?.()
      setF((f) => ({ ...f, name: '', value: '', productId: '' }))
      setTiers([])
      return t('rules.created', { name: input.name })
    })
  }

  return (
    <form onSubmit={submit} noValidate>
      <h3>{rule ? t('rules.editing', { name: rule.name }) : t('rules.new')}</h3>
      <div class="row">
        <Field id={`${px}-n`} label={t('name')} error={errors.name}>
          {(p) => <input {...p} value={f.name} onInput={set('name')} />}
        </Field>
        <Field id={`${px}-e`} label={t('rules.event')}>
          {(p) => (
            <select {...p} value={f.event} onChange={set('event')} disabled={!!rule}>
              <option value="sale">{t('rules.event.sale')}</option>
              <option value="lead">{t('rules.event.lead')}</option>
            </select>
          )}
        </Field>
        <Field id={`${px}-t`} label={t('rules.type')} error={errors.type}>
          {(p) => (
            <select {...p} value={f.type} onChange={set('type')} disabled={f.event === 'lead'}>
              <option value="percent">{t('rules.type.percent')}</option>
              <option value="flat">{t('rules.type.flat')}</option>
            </select>
          )}
        </Field>
        <Field id={`${px}-v`} label={f.type === 'percent' ? t('rules.percent') : t('rules.amount', { currency })} error={errors.value}>
          {(p) => <input {...p} inputMode="decimal" value={f.value} onInput={set('value')} />}
        </Field>
      </div>
      <div class="row">
        <Field id={`${px}-g`} label={t('rules.appliesTo')}>
          {(p) => (
            <select {...p} value={f.groupId} onChange={set('groupId')}>
              <option value="">{t('rules.everyone')}</option>
              {groups.map((g) => (
                <option value={g.id}>{g.name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id={`${px}-p`} label={t('rules.product')} hint={t('rules.productHint')}>
          {(p) => <input {...p} value={f.productId} onInput={set('productId')} />}
        </Field>
        {f.event === 'sale' && (
          <Field id={`${px}-r`} label={t('rules.recurring')}>
            {(p) => (
              <select {...p} value={f.recurring} onChange={set('recurring')}>
                <option value="none">{t('recurring.none')}</option>
                <option value="forever">{t('recurring.forever')}</option>
                {/* Limited renewals are set through the API; an edit keeps them */}
                {(f.recurring === 'months' || f.recurring === 'payments') && <option value={f.recurring}>{t(`recurring.${f.recurring}`, { n: rule?.recurringLimit ?? 0 })}</option>}
              </select>
            )}
          </Field>
        )}
      </div>
      <fieldset>
        <legend>{t('rules.tiers')}</legend>
        {tiers.length > 0 && (
          <div class="row">
            <Field id={`${px}-m`} label={t('rules.metric')} error={errors.tierMetric}>
              {(p) => (
                <select {...p} value={f.metric} onChange={set('metric')}>
                  {METRICS.map((m) => (
                    <option value={m}>{t(`metric.${m}`)}</option>
                  ))}
                </select>
              )}
            </Field>
            <Field id={`${px}-pe`} label={t('rules.period')}>
              {(p) => (
                <select {...p} value={f.period} onChange={set('period')}>
                  {PERIODS.map((m) => (
                    <option value={m}>{t(`tierPeriod.${m}`)}</option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        )}
        {tiers.map((x, i) => (
          <div class="cond" role="group" aria-label={t('rules.tierN', { n: i + 1 })}>
            <Field id={`${px === 'ru' ? 'ti' : 'te'}-n${i}`} label={t('rules.tierName')} error={errors[`tiers.${i}.name`]}>
              {(p) => <input {...p} value={x.name} onInput={(e) => setTier(i, 'name', e.currentTarget.value)} />}
            </Field>
            <Field id={`${px === 'ru' ? 'ti' : 'te'}-f${i}`} label={f.metric === 'revenue' ? t('rules.fromRevenue', { currency }) : t('rules.from')} error={errors[`tiers.${i}.from`]}>
              {(p) => <input {...p} inputMode="decimal" value={x.from} onInput={(e) => setTier(i, 'from', e.currentTarget.value)} />}
            </Field>
            <Field id={`${px === 'ru' ? 'ti' : 'te'}-v${i}`} label={f.type === 'percent' ? t('rules.percent') : t('rules.amount', { currency })} error={errors[`tiers.${i}.value`]}>
              {(p) => <input {...p} inputMode="decimal" value={x.value} onInput={(e) => setTier(i, 'value', e.currentTarget.value)} />}
            </Field>
            <button type="button" class="btn alt" aria-label={t('rules.removeTier', { n: i + 1 })} onClick={() => removeTier(i)}>
              ×
            </button>
          </div>
        ))}
        {errors.tiers && <p class="err">{errors.tiers}</p>}
        <button type="button" class="btn alt" onClick={() => setTiers((tiers) => [...tiers, { name: '', from: '', value: '' }])}>
          {t('rules.addTier')}
        </button>
      </fieldset>
      <div class="row">
        <Field id={`${px}-bd`} label={t('backtest.days')} error={errors.days}>
          {(p) => <input {...p} inputMode="numeric" value={days} onInput={(e) => setDays(e.currentTarget.value)} />}
        </Field>
        <div class="field">
          <button type="button" class="btn alt" disabled={act.busy} onClick={test}>
            {t('backtest.run')}
          </button>
        </div>
      </div>
      {tested && tested.shape === shape && <Backtest result={tested.result} days={tested.days} />}
      <button type="submit" class="btn" disabled={act.busy}>
        {t(rule ? 'rules.save' : 'rules.create')}
      </button>
      {rule && (
        <button type="button" class="btn alt" onClick={done}>
          {t('newsletters.cancel')}
        </button>
      )}
      <Note note={act.note} />
    </form>
  )
}

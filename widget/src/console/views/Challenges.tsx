// Challenges: goals in a period with a bonus. The list (each one's leaderboard on demand, archive) and a
// form for a new one.
import type { Challenge, ChallengeDetail, ChallengeMetric, CreateBountyInput, CreateChallengeInput } from '@afflio/sdk/types'
import { useEffect, useState } from 'preact/hooks'
import { Badge } from '../../kit/Badge.tsx'
import { formatMoney, formatNumber } from '../../kit/format.ts'
import { apiErrors } from '../../kit/api-errors.ts'
import { Field } from '../../kit/Field.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Submissions } from './Submissions.tsx'
import { amountError, Bound, Confirm, End, Day, Empty, Failed, Loading, Money, Note, Paged, toMinor, useAct } from '../ui.tsx'

const METRICS: ChallengeMetric[] = ['sales', 'revenue', 'clicks', 'bounty']

export function Challenges() {
  const { t, stores, locale } = useConsole()
  const segments = useStore(stores.segments.$).data ?? []
  const [open, setOpen] = useState<string | null>(null)
  const act = useAct()
  const goal = (c: Challenge) =>
    c.metric === 'revenue' ? t('challenges.goalRevenue', { v: formatMoney(c.target, c.currency ?? c.reward.currency, locale) }) : t(`challenges.goal.${c.metric}`, { n: formatNumber(c.target, locale) })
  return (
    <section>
      <Note note={act.note} />
      <Paged store={stores.challenges} empty={t('challenges.empty')}>
        {(items) => (
          <>
            <Table
              caption={t('tab.challenges')}
              rows={items}
              cols={[
                { label: t('name'), cell: (c) => c.name },
                { label: t('challenges.goal'), cell: goal },
                {
                  label: t('challenges.window'),
                  cell: (c) => (
                    <>
                      <Bound iso={c.startsAt} /> – {c.bounty?.deadline === null ? '∞' : <End iso={c.endsAt} />}
                    </>
                  ),
                },
                { label: t('challenges.reward'), cell: (c) => <Money minor={c.reward.amountMinor} currency={c.reward.currency} /> },
                { label: t('challenges.who'), cell: (c) => (c.segmentId ? (segments.find((s) => s.id === c.segmentId)?.name ?? c.segmentId) : t('challenges.everyone')) },
                { label: t('status'), cell: (c) => <Badge kind="challenge" value={c.status} /> },
                {
                  label: t('actions'),
                  cell: (c) => (
                    <span class="acts">
                      <button type="button" class="btn alt" aria-expanded={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)}>
                        {t('challenges.progress')}
                      </button>
                      {c.status !== 'archived' && (
                        <Confirm
                          label={t('challenges.archive')}
                          confirm={t('challenges.archiveConfirm', { name: c.name })}
                          onConfirm={() =>
                            act.run(async () => {
                              await stores.challenges.archive(c.id)
                              return t('challenges.archived', { name: c.name })
                            })
                          }
                        />
                      )}
                    </span>
                  ),
                },
              ]}
            />
            {open && items.some((c) => c.id === open) && <Leaderboard id={open} />}
          </>
        )}
      </Paged>
      <Submissions />
      <NewChallenge />
    </section>
  )
}

function Leaderboard({ id }: { id: string }) {
  const { t, stores, locale } = useConsole()
  const [s, setS] = useState<{ id: string; data?: ChallengeDetail; error?: unknown }>({ id })
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let live = true
    setS({ id })
    stores.session.call((c) => c.challenges.get(id)).then(
      (data) => live && setS({ id, data }),
      (error: unknown) => live && setS({ id, error }),
    )
    return () => void (live = false)
  }, [id, attempt])
  if (s.error) return <Failed error={s.error} retry={() => setAttempt(attempt + 1)} />
  const d = s.data
  if (!d || s.id !== id) return <Loading />
  const value = (n: number) => (d.metric === 'revenue' ? formatMoney(n, d.currency ?? d.reward.currency, locale) : formatNumber(n, locale))
  return (
    <div>
      <h3>{t('challenges.leaderboard', { name: d.name })}</h3>
      <p class="mut">{t('challenges.summary', { n: formatNumber(d.participants, locale), met: formatNumber(d.metCount, locale) })}</p>
      {d.leaderboard.length ? (
        <Table
          caption={t('challenges.leaderboard', { name: d.name })}
          rows={d.leaderboard.map((x) => ({ ...x, id: x.partnerId }))}
          cols={[
            { label: t('name'), cell: (x) => x.partnerName ?? x.partnerEmail },
            {
              label: t('challenges.progress'),
              cell: (x) => (
                <div class="bar" role="progressbar" aria-valuemin={0} aria-valuemax={d.target} aria-valuenow={Math.min(x.progress, d.target)} aria-valuetext={`${value(x.progress)} / ${value(d.target)}`}>
                  <i style={{ width: `${Math.min(100, (100 * x.progress) / Math.max(d.target, 1))}%` }} />
                </div>
              ),
            },
            { label: t('challenges.value'), num: true, cell: (x) => value(x.progress) },
            { label: t('challenges.met'), cell: (x) => (x.metAt ? <Day iso={x.metAt} /> : '—') },
          ]}
        />
      ) : (
        <Empty text={t('challenges.noProgress')} />
      )}
    </div>
  )
}

function NewChallenge() {
  const { t, stores, locale } = useConsole()
  const segments = useStore(stores.segments.$).data ?? []
  const currency = useStore(stores.program.$).data?.currency ?? 'USD'
  const [f, setF] = useState({ name: '', description: '', metric: 'sales' as ChallengeMetric, target: '', startsAt: '', endsAt: '', reward: '', segmentId: '', maxApproved: '' })
  const bounty = f.metric === 'bounty'
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useAct()
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value
    setF((f) => ({ ...f, [k]: v }))
  }

  const submit = (e: Event) => {
    e.preventDefault()
    const bad: Record<string, string> = {}
    const goal = f.metric === 'revenue' ? currency : 0
    const target = toMinor(f.target, goal, locale)
    const reward = toMinor(f.reward, currency, locale)
    if (!f.name.trim()) bad.name = t('required')
    // A bounty's "target" is how many approvals one partner may have.
    const cap = f.maxApproved.trim() ? toMinor(f.maxApproved, 0, locale) : undefined
    if (!target) bad.target = amountError(t, f.target, goal, t('challenges.badTarget'), locale)
    if (cap !== undefined && !(cap! > 0)) bad.maxApproved = t('challenges.badTarget')
    if (!f.startsAt && !bounty) bad.startsAt = t('required')
    if (!f.endsAt && !bounty) bad.endsAt = t('required')
    else if (f.startsAt && f.endsAt && f.endsAt <= f.startsAt) bad.endsAt = t('challenges.badEnd')
    if (!reward) bad.reward = amountError(t, f.reward, currency, t('challenges.badReward'), locale)
    setErrors(bad)
    if (Object.keys(bad).length) return
    const common = {
      name: f.name.trim(),
      ...(f.description.trim() ? { description: f.description.trim() } : {}),
      ...(f.segmentId ? { segmentId: f.segmentId } : {}),
      reward: { amountMinor: reward!, currency },
    }
    const input: CreateChallengeInput | CreateBountyInput =
      f.metric === 'bounty'
        ? {
            ...common,
            metric: 'bounty',
            ...(f.startsAt ? { startsAt: f.startsAt } : {}),
            ...(f.endsAt ? { endsAt: f.endsAt } : {}),
            maxPerPartner: target!,
            ...(cap ? { maxApproved: cap } : {}),
          }
        : { ...common, metric: f.metric, target: target!, ...(f.metric === 'revenue' ? { currency } : {}), startsAt: f.startsAt, endsAt: f.endsAt }
    void act.run(async () => {
      try {
        await stores.challenges.create(input)
      } catch (error) {
        const errs = apiErrors(error, ['name', 'target', 'startsAt', 'endsAt', 'segmentId', 'maxApproved'], '')
        if (!errs.form) return void setErrors(errs)
        throw error
      }
      setF((f) => ({ ...f, name: '', description: '', target: '', reward: '' }))
      return t('challenges.created', { name: input.name })
    })
  }

  return (
    <form onSubmit={submit} noValidate>
      <h3>{t('challenges.new')}</h3>
      <div class="row">
        <Field id="ch-n" label={t('name')} error={errors.name}>
          {(p) => <input {...p} value={f.name} onInput={set('name')} />}
        </Field>
        <Field id="ch-d" label={t('challenges.description')}>
          {(p) => <input {...p} value={f.description} onInput={set('description')} />}
        </Field>
      </div>
      <div class="row">
        <Field id="ch-m" label={t('challenges.metric')}>
          {(p) => (
            <select {...p} value={f.metric} onChange={set('metric')}>
              {METRICS.map((m) => (
                <option value={m}>{t(`challenges.metric.${m}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="ch-t" label={bounty ? t('challenges.maxPerPartner') : f.metric === 'revenue' ? t('challenges.targetRevenue', { currency }) : t('challenges.target')} error={errors.target}>
          {(p) => <input {...p} inputMode="decimal" value={f.target} onInput={set('target')} />}
        </Field>
        {bounty && (
          <Field id="ch-ma" label={t('challenges.maxApproved')} error={errors.maxApproved}>
            {(p) => <input {...p} inputMode="numeric" value={f.maxApproved} onInput={set('maxApproved')} />}
          </Field>
        )}
        <Field id="ch-r" label={t('challenges.rewardIn', { currency })} error={errors.reward}>
          {(p) => <input {...p} inputMode="decimal" value={f.reward} onInput={set('reward')} />}
        </Field>
      </div>
      <div class="row">
        <Field id="ch-s" label={t('challenges.starts')} error={errors.startsAt}>
          {(p) => <input {...p} type="date" value={f.startsAt} onInput={set('startsAt')} />}
        </Field>
        <Field id="ch-e" label={t('challenges.ends')} error={errors.endsAt}>
          {(p) => <input {...p} type="date" value={f.endsAt} onInput={set('endsAt')} />}
        </Field>
        <Field id="ch-g" label={t('challenges.who')}>
          {(p) => (
            <select {...p} value={f.segmentId} onChange={set('segmentId')}>
              <option value="">{t('challenges.everyone')}</option>
              {segments.map((s) => (
                <option value={s.id}>{s.name}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <button type="submit" class="btn" disabled={act.busy}>
        {t('challenges.create')}
      </button>
      <Note note={act.note} />
    </form>
  )
}

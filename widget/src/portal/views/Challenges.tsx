// Goals with a bonus: the running and upcoming ones first, then past ones, each with the partner's
// progress toward the target, the reward, and whether it was met.
import type { PortalChallenge } from '@afflio/sdk/types'
import { usePortal } from '../context.ts'
import { formatBound, formatDate, formatEnd, formatMoney, formatNumber, formatPercent } from '../../kit/format.ts'
import { Empty, Failed, Loading } from '../../kit/states.tsx'
import { useStore } from '../../kit/use-store.ts'
import { Bounty } from './Bounty.tsx'

export function Challenges() {
  const { t, stores } = usePortal()
  const { data, error } = useStore(stores.challenges.$)
  if (!data) return error ? <Failed error={error} retry={stores.challenges.run} /> : <Loading />
  if (!data.length) return <Empty text={t('ch.empty')} />
  const groups = [
    ['ch.current', data.filter((c) => c.status !== 'ended')],
    ['ch.past', data.filter((c) => c.status === 'ended')],
  ] as const
  return (
    <section>
      {groups.map(
        ([title, list], i) =>
          list.length > 0 && (
            <div key={title}>
              <h3 style={i === 0 || !groups[0][1].length ? { marginTop: 0 } : undefined}>{t(title)}</h3>
              <ul class="plain">
                {list.map((c) => (
                  <Challenge key={c.id} c={c} />
                ))}
              </ul>
            </div>
          ),
      )}
    </section>
  )
}

function Challenge({ c }: { c: PortalChallenge }) {
  const { t, locale } = usePortal()
  const value = (n: number) => (c.metric === 'revenue' && c.currency ? formatMoney(n, c.currency, locale) : formatNumber(n, locale))
  const reward = formatMoney(c.reward.amountMinor, c.reward.currency, locale)
  const progress = t('ch.progress', { current: value(c.progress), target: value(c.target) })
  const when =
    c.status === 'scheduled'
      ? t('ch.starts', { date: formatBound(c.startsAt, locale) })
      : c.bounty && !c.bounty.deadline
        ? t('ch.open')
        : t(c.status === 'active' ? 'ch.ends' : 'ch.ended', { date: formatEnd(c.endsAt, locale) })
  return (
    <li class="it" data-challenge={c.id}>
      <div class="row">
        <strong>{c.name}</strong>
        <span class="sm">{when}</span>
      </div>
      {c.description && <p class="mut pre">{c.description}</p>}
      {c.bounty ? <Bounty c={c} b={c.bounty} reward={reward} /> : <Goal c={c} reward={reward} value={value} progress={progress} />}
    </li>
  )
}

function Goal({ c, reward, value, progress }: { c: PortalChallenge; reward: string; value: (n: number) => string; progress: string }) {
  const { t, locale } = usePortal()
  return (
    <>
      <p class="stats">
        {t('ch.target')}: {t(`ch.metric.${c.metric}`, { n: value(c.target) })} · {t('ch.reward')}: {reward}
      </p>
      <div class="bar" role="progressbar" aria-label={c.name} aria-valuemin={0} aria-valuemax={c.target} aria-valuenow={Math.min(c.progress, c.target)} aria-valuetext={progress}>
        <i style={{ width: `${Math.min(100, c.percent)}%` }} />
      </div>
      <p class="sm" style={{ marginTop: '4px' }}>
        {progress} · {formatPercent(Math.min(100, c.percent) / 100, locale)}
      </p>
      {c.metAt ? (
        // What was credited, which a budget may have stepped down or held, rather than the reward offered
        <p class="ok">{t(c.earned?.status === 'on_hold' ? 'ch.metHeld' : 'ch.met', { date: formatDate(c.metAt, locale), reward: c.earned ? formatMoney(c.earned.amountMinor, c.earned.currency, locale) : reward })}</p>
      ) : (
        c.status === 'ended' && <p class="mut">{t('ch.notMet')}</p>
      )}
    </>
  )
}

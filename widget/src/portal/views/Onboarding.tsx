// The partner's checklist: progress, each step done or to do, and what to do for it (read and accept
// terms, read a resource, mark a custom step done, or go where the step completes itself).
import type { OnboardingStepProgress } from '@afflio/sdk/types'
import { useValue } from '../../kit/use-value.ts'
import { useEffect } from 'preact/hooks'
import { usePortal } from '../context.ts'
import { formatPercent } from '../../kit/format.ts'
import { apiErrors } from '../../kit/api-errors.ts'
import { Empty, Failed, Loading } from '../../kit/states.tsx'
import { useStore } from '../../kit/use-store.ts'
import { Doc } from './Doc.tsx'

export function Onboarding() {
  const { t, locale, stores } = usePortal()
  const s = stores.onboarding
  const { data, error } = useStore(s.$)
  // Steps complete themselves elsewhere (payout details, a first click): look again on every visit.
  useEffect(() => void (s.$.get().data && s.run()), [])
  const said = useValue('')
  if (!data) return error ? <Failed error={error} retry={s.run} /> : <Loading />
  if (!data.total) return <Empty text={t('ob.empty')} />
  const pct = formatPercent(data.percent / 100, locale)
  return (
    <section>
      <p>
        {t('ob.progress', { done: data.doneCount, total: data.total })} · <strong>{pct}</strong>
      </p>
      <div class="bar" role="progressbar" aria-label={t('tab.onboarding')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={data.percent} aria-valuetext={pct}>
        <i style={{ width: `${data.percent}%` }} />
      </div>
      {data.complete && <p class="ok" style={{ marginTop: '12px' }}>{t('ob.complete')}</p>}
      <ol class="plain chk" style={{ marginTop: '16px' }}>
        {data.steps.map((step) => (
          <Step key={step.id} step={step} say={(m) => (said.value = m)} />
        ))}
      </ol>
      <p role="status" aria-live="polite" class="err">
        {said.value}
      </p>
    </section>
  )
}

const GO = { add_payout_details: 'payouts', share_first_link: 'links' } as const

function Step({ step, say }: { step: OnboardingStepProgress; say: (m: string) => void }) {
  const { t, stores } = usePortal()
  const busy = useValue(false)
  const go = GO[step.kind as keyof typeof GO]
  const complete = async () => {
    busy.value = true
    say('')
    try {
      await stores.onboarding.complete(step.id)
    } catch (error) {
      say(apiErrors(error, [], t('error')).form!)
    } finally {
      busy.value = false
    }
  }
  const action = step.resourceId ? (
    <Doc id={step.resourceId} title={step.title} />
  ) : step.done ? null : step.kind === 'custom' ? (
    <button type="button" class="btn alt" disabled={busy.value} onClick={() => void complete()}>
      {t('ob.markDone')}
      <span class="sr"> {step.title}</span>
    </button>
  ) : (
    <p class="row" style={{ alignItems: 'center' }}>
      <span class="mut">{t(`ob.auto.${step.kind as 'first_sale'}`)}</span>
      {go && (
        <button
          type="button"
          class="btn alt"
          onClick={(e) => {
            stores.tab.set(go)
            ;(e.currentTarget.getRootNode() as ShadowRoot).getElementById?.(`t-${go}`)?.focus()
          }}
        >
          {t('ob.go', { tab: t(`tab.${go}`) })}
        </button>
      )}
    </p>
  )
  return (
    <li class="it" data-step={step.id}>
      <span class={step.done ? 'ok' : 'mut'} aria-hidden="true">
        {step.done ? '✓' : '○'}
      </span>
      <div>
        <strong>{step.title}</strong>
        <span class="sr"> ({t(step.done ? 'ob.done' : 'ob.todo')})</span>
        {step.description && <p class="mut pre">{step.description}</p>}
        {step.kind === 'accept_terms' && step.acceptedVersion !== null && !step.done && (
          <p class="mut">{t('ob.newVersion', { v: step.currentVersion ?? '' })}</p>
        )}
        {action && <div class="act">{action}</div>}
      </div>
    </li>
  )
}

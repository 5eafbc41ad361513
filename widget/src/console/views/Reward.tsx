// A referral reward's editor (docs/rewards.md): none, a percentage off, an amount off in the program's
// currency, or trial days; an optional label, and for a discount the Stripe coupon that grants it: typed,
// or, with Stripe connected, made by Afflio for the saved reward. The number is checked here against the
// server's bounds and a wrong one named beside its field; anything else the server refuses shows under the
// form. Used for the program and for each group.
import type { ReferralReward, ReferralRewardInput } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { fractionDigits } from '../../kit/format.ts'
import { useStore } from '../../kit/use-store.ts'
import { type ConsoleCtx, useConsole } from '../context.ts'
import { amountError, amountText, Note, toMinor, useAct } from '../ui.tsx'

type Kind = '' | ReferralReward['kind']
/** What is typed for one kind of reward: its number, and for a discount its Stripe coupon. */
type Draft = { n: string; coupon: string }

/** The reward's number as typed, in the console's locale: percent, major units or days. */
const shown = (r: ReferralReward | null, digits: number, locale: string) =>
  !r ? '' : r.kind === 'percent' ? amountText(r.percentOffBps, 2, locale) : r.kind === 'amount' ? amountText(r.amountOffMinor, digits, locale) : String(r.trialDays)

/**
 * A reward's number as typed, checked against the API's bounds (rewards/schemas.ts), or why it is refused: a
 * percentage from 1 to 100 (read as money is, in basis points with 2 decimals, in the console's locale:
 * "12,5" in de-DE), an amount above zero in `currency`, from 1 to 365 whole days. Pure.
 */
export function rewardNumber(kind: Exclude<Kind, ''>, text: string, currency: string, locale: string, t: ConsoleCtx['t']): { value: number } | { error: string } {
  if (kind == 'percent') {
    const bps = toMinor(text, 2, locale)
    if (bps === null) return { error: t('reward.badPercent') }
    return bps >= 100 && bps <= 10_000 ? { value: bps } : { error: t('reward.percentRange') }
  }
  if (kind == 'amount') {
    // None off is refused here, not sent as 0: the server's bounds would blame 0, not what was typed.
    const minor = toMinor(text, currency, locale)
    return minor ? { value: minor } : { error: amountError(t, text, currency, t('reward.badAmount'), locale) }
  }
  const days = toMinor(text, 0, locale)
  return days !== null && days >= 1 && days <= 365 ? { value: days } : { error: t('reward.badDays') }
}

export function RewardForm({ id, value, onSave, onCreateCoupon }: { id: string; value: ReferralReward | null; onSave: (r: ReferralRewardInput | null) => Promise<unknown>; onCreateCoupon: () => Promise<ReferralReward> }) {
  const { t, stores, locale } = useConsole()
  const programCurrency = useStore(stores.program.$).data?.currency ?? 'USD'
  const stripeConnected = useStore(stores.payouts.settings.$).data?.stripeApiKeySet
  const currency = value?.kind === 'amount' ? value.currency : programCurrency
  const digits = fractionDigits(currency)
  const [kind, setKind] = useState<Kind>(value?.kind ?? '')
  // Each kind keeps its own text: "10" typed as a percentage is no amount nor days, so switching kind never
  // carries a number (or a coupon made for another discount) over. The saved reward's kind starts with its
  // values, the others empty; switching back shows what was typed there.
  const [drafts, setDrafts] = useState<Record<Kind, Draft>>(() => {
    const empty = { n: '', coupon: '' }
    const d: Record<Kind, Draft> = { '': empty, percent: empty, amount: empty, trial: empty }
    return value ? { ...d, [value.kind]: { n: shown(value, digits, locale), coupon: value.stripeCouponId ?? '' } } : d
  })
  const { n, coupon } = drafts[kind]
  const draft = (change: Partial<Draft>) => setDrafts((d) => ({ ...d, [kind]: { ...d[kind], ...change } }))
  // A derived label is left out, so it follows a changed value.
  const [label, setLabel] = useState(value?.labelSet ? value.label : '')
  const [error, setError] = useState<string>()
  const act = useAct()
  // Stripe makes the coupon for the saved reward: offered while the form shows that one, unchanged.
  const canMakeCoupon = stripeConnected && value && value.kind != 'trial' && kind == value.kind && n == shown(value, digits, locale)
  const makeCoupon = () =>
    void act.run(async () => {
      const made = await onCreateCoupon()
      draft({ coupon: made.stripeCouponId ?? '' })
      return t('reward.couponCreated', { id: made.stripeCouponId ?? '' })
    })
  const submit = (e: Event) => {
    e.preventDefault()
    const extra = { label: label.trim() || null, ...(kind != 'trial' && { stripeCouponId: coupon.trim() || null }) }
    const read = kind ? rewardNumber(kind, n, currency, locale, t) : null
    setError(read && 'error' in read ? read.error : undefined)
    if (read && 'error' in read) return
    const reward: ReferralRewardInput | null = !read
      ? null
      : kind == 'percent'
        ? { kind, percentOffBps: read.value, ...extra }
        : kind == 'amount'
          ? { kind, amountOffMinor: read.value, currency, ...extra }
          : { kind: 'trial', trialDays: read.value, ...extra }
    void act.run(async () => {
      await onSave(reward)
      return t('reward.saved')
    })
  }
  return (
    <form onSubmit={submit} noValidate>
      <div class="row">
        <Field id={`${id}-k`} label={t('reward.kind')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => (setKind(e.currentTarget.value as Kind), setError(undefined))}>
              {(['', 'percent', 'amount', 'trial'] as const).map((k) => (
                <option value={k}>{t(`reward.${k || 'none'}`, { currency })}</option>
              ))}
            </select>
          )}
        </Field>
        {kind && (
          <>
            <Field id={`${id}-n`} label={t(`reward.${kind}N`, { currency })} error={error}>
              {(p) => <input {...p} inputMode="decimal" value={n} onInput={(e) => draft({ n: e.currentTarget.value })} />}
            </Field>
            <Field id={`${id}-l`} label={t('reward.label')}>
              {(p) => <input {...p} value={label} maxLength={60} placeholder={kind == value?.kind ? value.label : undefined} onInput={(e) => setLabel(e.currentTarget.value)} />}
            </Field>
            {kind != 'trial' && (
              <Field id={`${id}-c`} label={t('reward.coupon')}>
                {(p) => <input {...p} value={coupon} onInput={(e) => draft({ coupon: e.currentTarget.value })} />}
              </Field>
            )}
          </>
        )}
        <div class="field">
          <button type="submit" class="btn" disabled={act.busy}>
            {t('reward.save')}
          </button>{' '}
          {canMakeCoupon && (
            <button type="button" class="btn alt" disabled={act.busy} onClick={makeCoupon}>
              {t('reward.createCoupon')}
            </button>
          )}
        </div>
      </div>
      <Note note={act.note} />
    </form>
  )
}

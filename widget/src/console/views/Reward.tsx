// A referral reward's editor (docs/rewards.md): none, a percentage off, an amount off in the program's
// currency, or trial days; an optional label, and for a discount the Stripe coupon that grants it: typed,
// or, with Stripe connected, made by Afflio for the saved reward. The server checks the bounds; its message
// shows under the form. Used for the program and for each group.
import type { ReferralReward, ReferralRewardInput } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { fractionDigits } from '../../kit/format.ts'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { amountError, amountText, Note, toMinor, useAct } from '../ui.tsx'

type Kind = '' | ReferralReward['kind']

/** The reward's number as typed, in the console's locale: percent, major units or days. */
const shown = (r: ReferralReward | null, digits: number, locale: string) =>
  !r ? '' : r.kind === 'percent' ? amountText(r.percentOffBps, 2, locale) : r.kind === 'amount' ? amountText(r.amountOffMinor, digits, locale) : String(r.trialDays)

export function RewardForm({ id, value, onSave, onCreateCoupon }: { id: string; value: ReferralReward | null; onSave: (r: ReferralRewardInput | null) => Promise<unknown>; onCreateCoupon: () => Promise<ReferralReward> }) {
  const { t, stores, locale } = useConsole()
  const programCurrency = useStore(stores.program.$).data?.currency ?? 'USD'
  const stripeConnected = useStore(stores.payouts.settings.$).data?.stripeApiKeySet
  const currency = value?.kind === 'amount' ? value.currency : programCurrency
  const digits = fractionDigits(currency)
  const [kind, setKind] = useState<Kind>(value?.kind ?? '')
  const [n, setN] = useState(shown(value, digits, locale))
  // A derived label is left out, so it follows a changed value.
  const [label, setLabel] = useState(value?.labelSet ? value.label : '')
  const [coupon, setCoupon] = useState(value?.stripeCouponId ?? '')
  const [error, setError] = useState<string>()
  const act = useAct()
  // Stripe makes the coupon for the saved reward: offered while the form shows that one, unchanged.
  const canMakeCoupon = stripeConnected && value && value.kind != 'trial' && kind == value.kind && n == shown(value, digits, locale)
  const makeCoupon = () =>
    void act.run(async () => {
      const made = await onCreateCoupon()
      setCoupon(made.stripeCouponId ?? '')
      return t('reward.couponCreated', { id: made.stripeCouponId ?? '' })
    })
  const submit = (e: Event) => {
    e.preventDefault()
    const extra = { label: label.trim() || null, ...(kind != 'trial' && { stripeCouponId: coupon.trim() || null }) }
    // An amount off that is none is refused here, not sent as 0: the server's bounds would blame 0, not what was typed
    // A percentage is read as money is, in basis points (2 decimals), in the console's locale ("12,5" in de-DE)
    const off = kind == 'amount' ? toMinor(n, currency, locale) : kind == 'percent' ? toMinor(n, 2, locale) : 0
    setError(off === null ? (kind == 'percent' ? t('rules.badPercent') : amountError(t, n, currency, t('rules.badAmount'), locale)) : undefined)
    if (off === null) return
    const reward: ReferralRewardInput | null =
      kind == 'percent'
        ? { kind, percentOffBps: off, ...extra }
        : kind == 'amount'
          ? { kind, amountOffMinor: off, currency, ...extra }
          : kind == 'trial'
            ? { kind, trialDays: Number(n), ...extra }
            : null
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
              {(p) => <input {...p} inputMode="decimal" value={n} onInput={(e) => setN(e.currentTarget.value)} />}
            </Field>
            <Field id={`${id}-l`} label={t('reward.label')}>
              {(p) => <input {...p} value={label} maxLength={60} placeholder={value?.label} onInput={(e) => setLabel(e.currentTarget.value)} />}
            </Field>
            {kind != 'trial' && (
              <Field id={`${id}-c`} label={t('reward.coupon')}>
                {(p) => <input {...p} value={coupon} onInput={(e) => setCoupon(e.currentTarget.value)} />}
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

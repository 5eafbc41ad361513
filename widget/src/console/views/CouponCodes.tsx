// Coupon codes in the console: a partner's codes (give one, disable or enable), and the program's coupon
// policy (who wins a click and a code of two partners, the split, what partners may create themselves).
import type { CouponCode, CouponPolicy } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { amountError, amountText, Async, Note, toMinor, useAct } from '../ui.tsx'

export function PartnerCodes() {
  const { t, stores } = useConsole()
  const p = stores.partner
  const [code, setCode] = useState('')
  const act = useAct()
  return (
    <>
      <h3>{t('codes.title')}</h3>
      <Async s={useStore(p.codes.$)} retry={p.codes.run}>
        {(codes: CouponCode[]) => (
          <ul class="plain">
            {codes.map((c) => (
              <li class="row" data-code={c.code}>
                {/* struck through: disabled */}
                <span class="url">{c.status === 'active' ? c.code : <s>{c.code}</s>}</span>
                <button type="button" class="btn alt" disabled={act.busy} onClick={() => act.run(() => p.code({ id: c.id, status: c.status === 'active' ? 'disabled' : 'active' }))}>
                  {t(c.status === 'active' ? 'codes.disable' : 'codes.enable')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Async>
      <form class="row" onSubmit={(e) => (e.preventDefault(), void act.run(async () => (await p.code({ code: code.trim() }), setCode(''))))} noValidate>
        <Field id="pc-code" label={t('codes.new')}>
          {(f) => <input {...f} value={code} onInput={(e) => setCode(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="btn" disabled={act.busy}>
          {t('codes.create')}
        </button>
      </form>
      <Note note={act.note} />
    </>
  )
}

export function CouponPolicyForm() {
  const { t, stores } = useConsole()
  return (
    <>
      <h3>{t('codes.title')}</h3>
      <Async s={useStore(stores.payouts.settings.$)} retry={stores.payouts.settings.run}>
        {(s) => <PolicyForm policy={s.couponPolicy} />}
      </Async>
    </>
  )
}

function PolicyForm({ policy }: { policy: CouponPolicy }) {
  const { t, stores, locale } = useConsole()
  // The click partner's share is typed as a percentage, as every rate in the console is (60 → 6000 bps)
  const [p, setP] = useState<Record<string, any>>({ ...policy, splitClickBps: amountText(policy.splitClickBps, 2, locale), maxCodesPerPartner: String(policy.maxCodesPerPartner) })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useAct()
  const set = (k: string) => (e: Event) => {
    const i = e.currentTarget as HTMLInputElement
    const v = i.type === 'checkbox' ? i.checked : i.value
    setP((p) => ({ ...p, [k]: v }))
    setErrors((errors) => ({ ...errors, [k]: '' }))
  }
  const submit = (e: Event) => {
    e.preventDefault()
    const split = toMinor(String(p.splitClickBps), 2, locale)
    const max = String(p.maxCodesPerPartner).trim()
    const bad: Record<string, string> = {}
    if (split === null || split > 10_000) bad.splitClickBps = amountError(t, String(p.splitClickBps), 2, t('rules.badPercent'), locale)
    if (!/^\d+$/.test(max) || Number(max) > 100) bad.maxCodesPerPartner = t('codes.badMax')
    setErrors(bad)
    if (Object.keys(bad).length) return
    void act.run(async () => {
      await stores.commissions.saveCouponPolicy({ ...p, splitClickBps: split!, maxCodesPerPartner: Number(max), partnerCodePrefix: p.partnerCodePrefix?.trim() || null })
      return t('codes.saved')
    })
  }
  return (
    <form onSubmit={submit} noValidate>
      <div class="cond">
        <Field id="cp-conflict" label={t('codes.conflict')}>
          {(f) => (
            <select {...f} value={p.conflict} onChange={set('conflict')}>
              {(['click', 'code', 'split'] as const).map((m) => (
                <option value={m}>{t(`codes.conflict.${m}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="cp-split" label={t('codes.split')} hint={t('codes.splitHint')} error={errors.splitClickBps}>
          {(f) => <input {...f} inputMode="decimal" value={p.splitClickBps} onInput={set('splitClickBps')} />}
        </Field>
        <Field id="cp-max" label={t('codes.max')} error={errors.maxCodesPerPartner}>
          {(f) => <input {...f} inputMode="numeric" value={p.maxCodesPerPartner} onInput={set('maxCodesPerPartner')} />}
        </Field>
        <Field id="cp-prefix" label={t('codes.prefix')}>
          {(f) => <input {...f} value={p.partnerCodePrefix ?? ''} onInput={set('partnerCodePrefix')} />}
        </Field>
        <label>
          <input type="checkbox" checked={p.partnerCodesAllowed} onChange={set('partnerCodesAllowed')} /> {t('codes.allowed')}
        </label>
      </div>
      <button type="submit" class="btn" disabled={act.busy}>
        {t('codes.save')}
      </button>
      <Note note={act.note} />
    </form>
  )
}

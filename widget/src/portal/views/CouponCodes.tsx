// The partner's coupon codes, under its links: each to copy, and a form to create one when the program's
// policy lets partners (with the prefix it requires and the codes left).
import { useValue } from '../../kit/use-value.ts'
import { usePortal } from '../context.ts'
import { apiErrors } from '../../kit/api-errors.ts'
import { copyText } from '../ui/copy.ts'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'

export function CouponCodes() {
  const { t, stores } = usePortal()
  const { data } = useStore(stores.coupons.$)
  const code = useValue('')
  const said = useValue('')
  const err = useValue<{ code?: string; form?: string }>({})
  if (!data || (!data.data.length && !data.policy.allowed)) return null
  const { prefix, remaining } = data.policy

  const submit = async (e: Event) => {
    e.preventDefault()
    try {
      await stores.session.call((c) => c.couponCodes.create({ code: code.value.trim() }))
      code.value = err.value.code = ''
      await stores.coupons.run()
    } catch (error) {
      err.value = apiErrors(error, ['code'], t('error'))
    }
  }
  return (
    <section>
      <h3>{t('codes.title')}</h3>
      <ul style={{ listStyle: 'none' }}>
        {data.data.map((c) => (
          <li key={c.id} class="row" style={{ alignItems: 'center' }}>
            <code class="url">{c.code}</code>
            {c.status === 'disabled' ? (
              <span class="mut">{t('codes.disabled')}</span>
            ) : (
              <button type="button" class="btn alt" aria-label={t('codes.copyCode', { code: c.code })} onClick={async (e) => (said.value = t((await copyText(c.code, e.currentTarget)) ? 'codes.copied' : 'links.copyFailed'))}>
                {t('links.copy')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <p role="status" aria-live="polite" class="mut">
        {said.value}
      </p>
      {remaining > 0 && (
        <form onSubmit={submit} noValidate class="row">
          <Field id="new-coupon" label={t('codes.new')} hint={(prefix ? t('codes.prefix', { prefix }) : '') + t('codes.hint', { n: remaining })} error={err.value.code}>
            {(p) => <input {...p} value={code.value} onInput={(e) => (code.value = e.currentTarget.value)} />}
          </Field>
          <button type="submit" class="btn">
            {t('codes.create')}
          </button>
          {err.value.form && <p class="err">{err.value.form}</p>}
        </form>
      )}
    </section>
  )
}

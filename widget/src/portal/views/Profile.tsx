// The partner's own profile (name, website, social profiles: a handle or a URL each) and its recruiting
// link: partners who apply through it and are approved earn it the program's second tier.
import type { PortalMe, SocialNetwork } from '@afflio/sdk/types'
import { useValue } from '../../kit/use-value.ts'
import { usePortal } from '../context.ts'
import { apiErrors } from '../../kit/api-errors.ts'
import { copyText } from '../ui/copy.ts'
import { Field } from '../../kit/Field.tsx'
import { Failed, Loading } from '../../kit/states.tsx'
import { useStore } from '../../kit/use-store.ts'

const NETWORKS: SocialNetwork[] = ['x', 'instagram', 'youtube', 'tiktok', 'linkedin']

export function Profile() {
  const { stores } = usePortal()
  const { data, error } = useStore(stores.me.$)
  if (!data) return error ? <Failed error={error} retry={stores.me.run} /> : <Loading />
  return <ProfileForm me={data} />
}

function ProfileForm({ me }: { me: PortalMe }) {
  const { t, stores } = usePortal()
  const p = me.partner
  const values = useValue<Record<string, string>>({ name: p.name ?? '', website: p.website ?? '', ...p.social })
  const errors = useValue<Record<string, string>>({})
  const busy = useValue(false)
  const said = useValue('')
  const recruiting = stores.me.recruitingUrl(me)
  const v = values.value
  const set = (k: string) => (e: Event) => (values.value = { ...v, [k]: (e.currentTarget as HTMLInputElement).value })

  const submit = async (e: Event) => {
    e.preventDefault()
    said.value = ''
    const orNull = (s: string | undefined) => s?.trim() || null
    busy.value = true
    try {
      await stores.me.save({
        ...(v.name!.trim() ? { name: v.name!.trim() } : {}),
        website: orNull(v.website),
        social: Object.fromEntries(NETWORKS.map((n) => [n, orNull(v[n])])),
      })
      errors.value = {}
      said.value = t('profile.saved')
    } catch (error) {
      errors.value = apiErrors(error, ['name', 'website', ...NETWORKS.map((n) => `social.${n}`)], t('error'))
    } finally {
      busy.value = false
    }
  }

  const err = errors.value
  const input = (k: string, label: string, field = k) => (
    <Field id={`pf-${k}`} label={label} error={err[field]}>
      {(props) => <input {...props} value={v[k] ?? ''} onInput={set(k)} maxLength={300} />}
    </Field>
  )
  return (
    <section>
      {recruiting && (
        <>
          <h3 style={{ marginTop: 0 }}>{t('profile.recruit')}</h3>
          <p class="mut">{t('profile.recruitHint')}</p>
          <div class="row" style={{ alignItems: 'center' }}>
            <span class="url">{recruiting}</span>
            <button type="button" class="btn" onClick={async (e) => (said.value = t((await copyText(recruiting, e.currentTarget)) ? 'links.copied' : 'links.copyFailed'))}>
              {t('links.copy')}
            </button>
          </div>
        </>
      )}
      <form onSubmit={submit} noValidate>
        <h3>{t('tab.profile')}</h3>
        <div class="row">
          {input('name', t('profile.name'))}
          {input('website', t('profile.website'))}
        </div>
        <div class="row">{NETWORKS.map((n) => input(n, t(`profile.${n}`), `social.${n}`))}</div>
        <button type="submit" class="btn" disabled={busy.value}>
          {t('profile.save')}
        </button>
      </form>
      <p role="status" aria-live="polite" class={err.form ? 'err' : 'mut'}>
        {err.form ?? said.value}
      </p>
    </section>
  )
}

// The partner's referral links, a page at a time: the full URL to share (with an optional sub-id), copy, lifetime counts, a
// link's last 30 days (LinkStats) or its QR code (LinkQr) on demand, and a form to create a link to any page of
// the program's site (its host or a subdomain; no page may be chosen while the program has no site URL).
import type { PortalLink } from '@afflio/sdk/types'
import { useValue } from '../../kit/use-value.ts'
import { usePortal } from '../context.ts'
import { formatNumber } from '../../kit/format.ts'
import { apiErrors } from '../../kit/api-errors.ts'
import { copyText } from '../ui/copy.ts'
import { Field } from '../../kit/Field.tsx'
import { Paged } from '../../kit/Paged.tsx'
import { useStore } from '../../kit/use-store.ts'
import { LinkStats } from './LinkStats.tsx'
import { LinkQr } from './LinkQr.tsx'
import { CouponCodes } from './CouponCodes.tsx'

/** The URL to share: the server's, or the host page's origin when the program has no site. */
export function shareUrl(link: PortalLink, subId: string): string {
  const url = new URL(link.url ?? `${location.origin}/?ref=${encodeURIComponent(link.code)}`)
  if (subId.trim()) url.searchParams.set('sub', subId.trim())
  return url.href
}

export function Links() {
  const { t, stores } = usePortal()
  const reward = useStore(stores.me.$).data?.referralReward
  // One live region for the view: screen readers hear "Link copied" (or the failure).
  const said = useValue('')
  return (
    <section>
      <h3 style={{ marginTop: 0 }}>{t('links.title')}</h3>
      {reward && <p class="mut">{t('links.reward', { label: reward.label })}</p>}
      <Paged store={stores.links} empty={t('links.empty')}>
        {(links) => (
          <ul style={{ listStyle: 'none' }}>
            {links.map((link) => (
              <LinkItem key={link.id} link={link} say={(m) => (said.value = m)} />
            ))}
          </ul>
        )}
      </Paged>
      <p role="status" aria-live="polite" class="mut">
        {said.value}
      </p>
      <CreateLink />
      <CouponCodes />
    </section>
  )
}

function LinkItem({ link, say }: { link: PortalLink; say: (message: string) => void }) {
  const { t, locale } = usePortal()
  const sub = useValue('')
  const open = useValue<'' | 'stats' | 'qr'>('')
  const url = shareUrl(link, sub.value)
  const id = `sub-${link.id}`
  // aria-controls names the panel only while it is there (closed, it is not in the DOM)
  const toggle = (panel: 'stats' | 'qr', text: string, label: string) => (
    <button type="button" class={open.value === panel ? 'btn' : 'btn alt'} aria-label={label} aria-expanded={open.value === panel} aria-controls={open.value === panel ? `${panel}-${link.id}` : undefined} onClick={() => (open.value = open.value === panel ? '' : panel)}>
      {text}
    </button>
  )
  const copy = async (e: Event) => {
    say('')
    say(t((await copyText(url, e.currentTarget as Element)) ? 'links.copied' : 'links.copyFailed'))
  }
  return (
    <li class="link">
      <div class="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <span class="url" data-url={link.code}>
          {url}
        </span>
        <button type="button" class="btn" aria-label={t('links.copyLink', { code: link.code })} onClick={copy}>
          {t('links.copy')}
        </button>
      </div>
      <p class="stats">
        {t('clicks')} {formatNumber(link.clicks, locale)} · {t('leads')} {formatNumber(link.leads, locale)} · {t('sales')}{' '}
        {formatNumber(link.sales, locale)}
      </p>
      <Field id={id} label={t('links.subId')} hint={t('links.subIdHint')}>
        {(p) => <input {...p} value={sub.value} onInput={(e) => (sub.value = e.currentTarget.value)} maxLength={64} />}
      </Field>
      <div class="row">
        {toggle('stats', t('links.stats'), t('links.statsOf', { code: link.code }))}
        {toggle('qr', t('links.qr'), t('links.qrOf', { code: link.code }))}
      </div>
      {open.value && (
        <div id={`${open.value}-${link.id}`} class="act">
          {open.value === 'qr' ? <LinkQr key={url} id={link.id} code={link.code} sub={sub.value} /> : <LinkStats id={link.id} />}
        </div>
      )}
    </li>
  )
}

const CODE = /^[A-Za-z0-9_-]{2,64}$/

function CreateLink() {
  const { t, stores } = usePortal()
  const me = useStore(stores.me.$).data
  // The program's site: a page is typed on it. Without one (or before /me answers) the server refuses any
  // page, so none is asked for.
  const site = me?.program.siteUrl ?? null
  const dest = useValue('')
  const code = useValue('')
  const errors = useValue<{ destinationUrl?: string; code?: string; form?: string }>({})
  const busy = useValue(false)
  const done = useValue('')

  const submit = async (e: Event) => {
    e.preventDefault()
    done.value = ''
    // A path is a page of the program's site
    const typed = site ? dest.value.trim() : ''
    const d = site && /^\/(?!\/)\S*$/.test(typed) ? new URL(typed, site).href : typed
    const c = code.value.trim()
    const found: typeof errors.value = {}
    if (d && !/^https?:\/\/[^/\s]+/i.test(d)) found.destinationUrl = t('links.badPage')
    if (c && !CODE.test(c)) found.code = t('links.badCode')
    errors.value = found
    if (found.destinationUrl || found.code) return
    busy.value = true
    try {
      await stores.links.create({ ...(d ? { destinationUrl: d } : {}), ...(c ? { code: c } : {}) })
      dest.value = code.value = ''
      done.value = t('links.created')
    } catch (error) {
      errors.value = apiErrors(error, ['destinationUrl', 'code'], t('error'), { field: 'code', message: t('links.taken') })
    } finally {
      busy.value = false
    }
  }

  const err = errors.value
  return (
    <form onSubmit={submit} noValidate>
      <h3>{t('links.create')}</h3>
      {!site && <p class="mut">{t('links.noSite')}</p>}
      <div class="row">
        {site && (
          <Field id="new-dest" label={t('links.destination')} hint={t('links.destinationHint', { host: new URL(site).hostname.replace(/^www\./, ''), site })} error={err.destinationUrl}>
            {(p) => <input {...p} type="url" inputMode="url" value={dest.value} onInput={(e) => (dest.value = e.currentTarget.value)} />}
          </Field>
        )}
        <Field id="new-code" label={t('links.code')} hint={t('links.codeHint')} error={err.code}>
          {(p) => <input {...p} value={code.value} onInput={(e) => (code.value = e.currentTarget.value)} />}
        </Field>
      </div>
      <button type="submit" class="btn" disabled={busy.value}>
        {t('links.submit')}
      </button>
      <p role="status" aria-live="polite" class={err.form ? 'err' : 'mut'}>
        {err.form ?? done.value}
      </p>
    </form>
  )
}

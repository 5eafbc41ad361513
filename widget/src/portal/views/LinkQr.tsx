// A link's QR code, opened from the Links tab: drawn by the server (GET /v1/portal/links/:id/qr.svg), so
// the portal ships no encoder, for the URL shown above it, sub-id included. Put inline: the SVG is only
// numbers, and inline it needs no img-src or blob: in the host's CSP and lives in the shadow root.
import { useEffect } from 'preact/hooks'
import { useValue } from '../../kit/use-value.ts'
import { Failed, Loading } from '../../kit/states.tsx'
import { usePortal } from '../context.ts'
import { trustedHtml } from '../../kit/trusted-html.ts'

/** Mounted once per URL (`key`): a code never shows beside a URL it does not encode. */
export function LinkQr({ id, code, sub }: { id: string; code: string; sub: string }) {
  const { t, stores } = usePortal()
  const svg = useValue<string | { e: unknown }>('')
  const load = () => stores.links.qr(id, sub).then((s) => (svg.value = s), (e) => (svg.value = { e }))
  // Asked once typing a sub-id pauses, not at every key.
  useEffect(() => {
    const wait = setTimeout(load, 250)
    return () => clearTimeout(wait)
  }, [])
  const v = svg.value
  return typeof v !== 'string' ? (
    <Failed error={v.e} retry={() => ((svg.value = ''), load())} />
  ) : v ? (
    <div class="row">
      <div class="qr" role="img" aria-label={t('links.qrOf', { code })} dangerouslySetInnerHTML={trustedHtml(v)} />
      <a class="btn alt" href={`data:image/svg+xml,${encodeURIComponent(v)}`} download={`${code}.svg`}>
        {t('links.download')}
      </a>
    </div>
  ) : (
    <Loading />
  )
}

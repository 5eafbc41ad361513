// What the program gives its partners: assets to promote it (logos and banners to download, copy to
// paste) and the rules to abide by (terms, brand guidelines), read in place.
import type { PortalResource } from '@afflio/sdk/types'
import { useValue } from '../../kit/use-value.ts'
import { usePortal } from '../context.ts'
import { copyText } from '../ui/copy.ts'
import { Empty, Failed, Loading } from '../../kit/states.tsx'
import { useStore } from '../../kit/use-store.ts'
import { Doc } from './Doc.tsx'

const isRule = (r: PortalResource) => r.kind === 'terms' || r.kind === 'brand_guidelines'

export function Resources() {
  const { t, stores } = usePortal()
  const { data, error } = useStore(stores.resources.$)
  const said = useValue('')
  if (!data) return error ? <Failed error={error} retry={stores.resources.run} /> : <Loading />
  if (!data.length) return <Empty text={t('res.empty')} />
  const assets = data.filter((r) => !isRule(r))
  const rules = data.filter(isRule)
  return (
    <section>
      {assets.length > 0 && (
        <>
          <h3 style={{ marginTop: 0 }}>{t('res.assets')}</h3>
          <ul class="plain">
            {assets.map((r) => (
              <Asset key={r.id} r={r} say={(m) => (said.value = m)} />
            ))}
          </ul>
        </>
      )}
      {rules.length > 0 && (
        <>
          <h3 style={assets.length ? undefined : { marginTop: 0 }}>{t('res.rules')}</h3>
          <ul class="plain">
            {rules.map((r) => (
              <li key={r.id} class="it" data-resource={r.id}>
                <Head r={r} />
                <p class="sm">
                  {t('res.version', { v: r.version })}
                  {r.kind === 'terms' &&
                    ` · ${r.acceptedVersion === r.version ? t('ob.accepted', { v: r.version }) : r.acceptedVersion ? t('ob.newVersion', { v: r.version }) : t('res.notAccepted')}`}
                </p>
                <Doc id={r.id} title={r.title} />
              </li>
            ))}
          </ul>
        </>
      )}
      <p role="status" aria-live="polite" class="mut">
        {said.value}
      </p>
    </section>
  )
}

function Head({ r }: { r: PortalResource }) {
  const { t } = usePortal()
  return (
    <>
      <div class="row">
        <strong>{r.title}</strong>
        <span class="badge">{t(`kind.${r.kind}`)}</span>
      </div>
      {r.description && <p class="mut">{r.description}</p>}
    </>
  )
}

function Asset({ r, say }: { r: PortalResource; say: (m: string) => void }) {
  const { t } = usePortal()
  const image = r.url && (r.kind === 'logo' || r.kind === 'banner')
  const copy = async (e: Event) => {
    say('')
    say(t((await copyText(r.content!, e.currentTarget as Element)) ? 'res.copied' : 'res.copyFailed'))
  }
  return (
    <li class="it" data-resource={r.id}>
      <Head r={r} />
      {image && <img src={r.url!} alt={r.title} loading="lazy" />}
      {r.content && <p class="pre doc">{r.content}</p>}
      <p class="row" style={{ justifyContent: 'flex-start' }}>
        {r.content && (
          <button type="button" class="btn" aria-label={t('res.copyLabel', { title: r.title })} onClick={copy}>
            {t('res.copy')}
          </button>
        )}
        {r.url && (
          <a class="btn alt" href={r.url} download target="_blank" rel="noopener noreferrer">
            {t(image ? 'res.download' : 'res.open')}
            <span class="sr"> {r.title}</span>
          </a>
        )}
      </p>
    </li>
  )
}

// The program's site URL (ProgramSettings.siteUrl): where a link without a destination goes, with
// `?ref=CODE`, and the host the links partners make in the portal must stay on. Saved with the settings
// (audited there). Until it is set, partners' links have no address of their own and partners cannot
// choose where they go: the form says so.
import type { ProgramSettingsView } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Async, fieldErrors, Note, useAct } from '../ui.tsx'

/**
 * What is typed, as the API takes it, or false when it plainly is not: an https origin with at most a path
 * (http on localhost), no query or fragment. The server decides the rest (kernel/web-url.ts). Empty: null.
 */
export function typedSiteUrl(text: string): string | null | false {
  const s = text.trim()
  if (!s) return null
  let url: URL
  try {
    url = new URL(s)
  } catch {
    return false
  }
  const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname) || url.hostname.endsWith('.localhost')
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && local)) || /[?#]/.test(s)) return false
  return s
}

export function SiteUrlForm() {
  const { t, stores } = useConsole()
  return (
    <section aria-labelledby="site-h">
      <h3 id="site-h">{t('site.title')}</h3>
      <Async s={useStore(stores.payouts.settings.$)} retry={stores.payouts.settings.run}>
        {(s) => <Form s={s} />}
      </Async>
    </section>
  )
}

function Form({ s }: { s: ProgramSettingsView }) {
  const { t, stores } = useConsole()
  const [text, setText] = useState(s.siteUrl ?? '')
  const [error, setError] = useState<string>()
  const act = useAct()
  const host = s.siteUrl && new URL(s.siteUrl).hostname.replace(/^www\./, '')

  const save = (e: Event) => {
    e.preventDefault()
    const siteUrl = typedSiteUrl(text)
    setError(siteUrl === false ? t('site.bad') : undefined)
    if (siteUrl === false) return
    void act.run(async () => {
      try {
        const saved = await stores.program.saveSiteUrl(siteUrl)
        setText(saved.siteUrl ?? '')
      } catch (error) {
        return void setError(fieldErrors(error, (f) => f === 'siteUrl').siteUrl)
      }
      return t(siteUrl ? 'site.saved' : 'site.cleared')
    })
  }

  return (
    <form onSubmit={save} noValidate>
      {host ? <p class="mut">{t('site.set', { host })}</p> : <p class="err" data-unset>{t('site.unset')}</p>}
      <div class="row">
        <Field id="site-url" label={t('site.url')} hint={t('site.hint')} error={error}>
          {(p) => <input {...p} type="url" inputMode="url" placeholder="https://acme.example" value={text} onInput={(e) => setText(e.currentTarget.value)} />}
        </Field>
      </div>
      <button type="submit" class="btn" disabled={act.busy}>
        {t('site.save')}
      </button>
      <Note note={act.note} />
    </form>
  )
}

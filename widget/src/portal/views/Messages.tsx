// The partner's conversation with the program team (oldest first, compose below) and the newsletters
// they received. Opening the view loads it again and marks what it shows read (the tab's badge goes).
import type { Message, PortalMessages } from '@afflio/sdk/types'
import { useValue } from '../../kit/use-value.ts'
import { useEffect } from 'preact/hooks'
import { usePortal } from '../context.ts'
import { formatDate, formatDateTime } from '../../kit/format.ts'
import { apiErrors } from '../../kit/api-errors.ts'
import { Field } from '../../kit/Field.tsx'
import { FormStatus, useForm } from '../../kit/form.tsx'
import { Empty, Failed, Loading } from '../../kit/states.tsx'
import { useStore } from '../../kit/use-store.ts'
import { trustedHtml } from '../../kit/trusted-html.ts'

export function Messages() {
  const { stores } = usePortal()
  const s = stores.messages
  const { data, error, loading } = useStore(s.$)
  useEffect(() => void s.visit(), [])
  if (!data) return error ? <Failed error={error} retry={s.run} /> : <Loading />
  return <Inbox data={data} busy={loading} />
}

function Inbox({ data, busy }: { data: PortalMessages; busy: boolean }) {
  const { t, locale, stores } = usePortal()
  const s = stores.messages
  const program = useStore(stores.me.$).data?.program.name
  const news = data.newsletters
  return (
    <section aria-busy={busy}>
      <h3 style={{ marginTop: 0 }}>{t('msg.thread')}</h3>
      {data.messages.nextCursor && (
        <p>
          <button type="button" class="btn alt" onClick={() => void s.more('messages').catch(() => {})}>
            {t('msg.earlier')}
          </button>
        </p>
      )}
      {data.messages.data.length === 0 ? (
        <Empty text={t('msg.empty')} />
      ) : (
        <ol class="plain" aria-label={t('msg.thread')}>
          {[...data.messages.data].reverse().map((m) => (
            <Item key={m.id} m={m} from={m.sender === 'partner' ? t('msg.you') : (m.senderName ?? program ?? t('msg.team'))} />
          ))}
        </ol>
      )}
      <Compose />
      <h3>{t('news.title')}</h3>
      {news.data.length === 0 ? (
        <Empty text={t('news.empty')} />
      ) : (
        <ul class="plain">
          {news.data.map((n, i) => (
            <li key={n.id} class="it" data-newsletter={n.id}>
              <details open={i === 0 && !n.read}>
                <summary>
                  <strong>{n.subject}</strong>{' '}
                  {!n.read && <span class="badge b-paid">{t('new')}</span>}
                  {!n.read && ' '}
                  <small>{formatDate(n.sentAt, locale)}</small>
                </summary>
                {/* Safe HTML from the server: its text escaped, only the markdown subset's tags. */}
                <div class="nl" dangerouslySetInnerHTML={trustedHtml(n.html)} />
              </details>
            </li>
          ))}
        </ul>
      )}
      {news.nextCursor && (
        <button type="button" class="btn alt" onClick={() => void s.more('newsletters').catch(() => {})}>
          {t('news.more')}
        </button>
      )}
      <label class="row" style={{ marginTop: '12px', alignItems: 'center' }}>
        <input type="checkbox" checked={data.newsletterEmails} onChange={(e) => void s.setEmails(e.currentTarget.checked).catch(() => {})} />
        {t('news.emails')}
      </label>
    </section>
  )
}

function Item({ m, from }: { m: Message; from: string }) {
  const { locale } = usePortal()
  return (
    <li class={m.sender === 'partner' ? 'it msg me' : 'it msg'} data-message={m.id}>
      <small>
        {from} · <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, locale)}</time>
      </small>
      {m.subject && (
        <p>
          <strong>{m.subject}</strong>
        </p>
      )}
      <p class="pre">{m.body}</p>
    </li>
  )
}

function Compose() {
  const { t, stores } = usePortal()
  const form = useForm()
  const text = useValue('')
  const submit = (e: Event) => {
    e.preventDefault()
    const v = text.value.trim()
    void form.run(
      { body: !v ? t('required') : v.length > 5000 && t('msg.long') },
      async () => {
        await stores.messages.send(v)
        text.value = ''
        return t('msg.sent')
      },
      (error) => apiErrors(error, ['body'], t('error')),
    )
  }
  return (
    <form onSubmit={submit} noValidate>
      <Field id="msg-body" label={t('msg.write')} error={form.errors.value.body}>
        {(p) => <textarea {...p} rows={3} value={text.value} onInput={(e) => (text.value = e.currentTarget.value)} />}
      </Field>
      <button type="submit" class="btn" disabled={form.busy.value}>
        {t('msg.send')}
      </button>
      <FormStatus form={form} />
    </form>
  )
}

// Conversations with partners: threads (unread first in attention, newest activity first), one open
// thread's messages, and a reply box. Opening a thread marks it read.
import type { Message, Thread } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { formatDateTime } from '../../kit/format.ts'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Async, NoMail, Note, Paged, useAct } from '../ui.tsx'

export function Messages() {
  const { t, stores } = useConsole()
  const open = useStore(stores.threads.$open)
  // Each conversation keeps its own unsent reply: a draft to one partner never lands in another's box
  const [drafts, setDrafts] = useState<Record<string, string>>({})
  return (
    <section class="split">
      <nav aria-label={t('messages.threads')}>
        <Paged store={stores.threads} empty={t('messages.empty')}>
          {(items) => (
            <ul class="threads">
              {items.map((th) => (
                <ThreadItem key={th.id} th={th} current={th.partner.id === open} />
              ))}
            </ul>
          )}
        </Paged>
      </nav>
      <div>
        <NoMail />
        {open ? <Conversation key={open} partnerId={open} body={drafts[open] ?? ''} setBody={(body) => setDrafts((d) => ({ ...d, [open]: body }))} /> : <p class="state">{t('messages.pick')}</p>}
      </div>
    </section>
  )
}

function ThreadItem({ th, current }: { th: Thread; current: boolean }) {
  const { t, stores } = useConsole()
  const name = th.partner.name ?? th.partner.email
  return (
    <li>
      <button type="button" aria-current={current} onClick={() => stores.threads.open(th.partner.id)}>
        <strong>{name}</strong>
        {th.unreadCount > 0 && (
          <span class="count" aria-label={t('messages.unread', { n: th.unreadCount })}>
            {th.unreadCount}
          </span>
        )}
        <small>{th.lastMessage ? th.lastMessage.subject ?? th.lastMessage.body : ''}</small>
      </button>
    </li>
  )
}

function Conversation({ partnerId, body, setBody }: { partnerId: string; body: string; setBody: (body: string) => void }) {
  const { t, stores, locale } = useConsole()
  const s = useStore(stores.threads.messages.$)
  const [error, setError] = useState('')
  const act = useAct()
  const current = s.data && s.data.thread.partner.id === partnerId ? s.data : undefined
  const send = (e: Event) => {
    e.preventDefault()
    const text = body.trim()
    setError(text ? '' : t('messages.bodyRequired'))
    if (!text) return
    void act.run(async () => {
      await stores.threads.send(partnerId, text)
      setBody('')
    })
  }
  const who = (m: Message, name: string) => (m.sender === 'partner' ? name : m.senderName ?? t('messages.team'))
  return (
    <Async s={{ data: current, error: s.error }} retry={stores.threads.messages.run}>
      {(d) => {
        const name = d.thread.partner.name ?? d.thread.partner.email
        return (
          <>
            <h3>{t('messages.with', { name })}</h3>
            <div class="msgs" role="log" aria-label={t('messages.with', { name })}>
              {d.messages.map((m) => (
                <div class={`msg ${m.sender}`}>
                  <small>
                    {/* With its time, as the partner's portal shows it: a conversation's messages are often of one day */}
                    {who(m, name)} · <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, locale)}</time>
                  </small>
                  {m.subject && <strong>{m.subject}: </strong>}
                  {m.body}
                </div>
              ))}
            </div>
            <form onSubmit={send} noValidate>
              <Field id="msg-b" label={t('messages.reply')} error={error}>
                {(p) => <textarea {...p} maxLength={5000} value={body} onInput={(e) => setBody(e.currentTarget.value)} />}
              </Field>
              <button type="submit" class="btn" disabled={act.busy}>
                {t('messages.send')}
              </button>
              <Note note={act.note} />
            </form>
          </>
        )
      }}
    </Async>
  )
}

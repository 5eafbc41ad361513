// Newsletters: compose (subject, body, text or markdown, everyone or a segment), send now or keep a
// draft; the list with delivery counts, and each one's per-recipient status.
import type { Newsletter, NewsletterAudience, NewsletterRecipient } from '@afflio/sdk/types'
import { useEffect, useRef, useState } from 'preact/hooks'
import { Badge } from '../../kit/Badge.tsx'
import { formatNumber } from '../../kit/format.ts'
import { apiErrors } from '../../kit/api-errors.ts'
import { Field } from '../../kit/Field.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Confirm, Day, Empty, Failed, Loading, NoMail, Note, Paged, useAct } from '../ui.tsx'

const TEST_TO = 'afflio.newsletterTestTo'

export function Newsletters() {
  const { t, stores } = useConsole()
  const [open, setOpen] = useState<string | null>(null)
  const act = useAct()
  return (
    <section>
      <NoMail />
      <Compose />
      <h3>{t('newsletters.sent')}</h3>
      <Note note={act.note} />
      <Paged store={stores.newsletters} empty={t('newsletters.empty')}>
        {(items) => (
          <>
            <Table
              caption={t('tab.newsletters')}
              rows={items}
              cols={[
                { label: t('newsletters.subject'), cell: (n) => n.subject },
                { label: t('status'), cell: (n) => <Badge kind="newsletter" value={n.status} /> },
                { label: t('newsletters.audience'), cell: (n) => <Audience a={n.audience} /> },
                { label: t('newsletters.delivery'), cell: (n) => <Delivery n={n} /> },
                { label: t('date'), cell: (n) => <Day iso={n.sentAt ?? n.createdAt} /> },
                {
                  label: t('actions'),
                  cell: (n) =>
                    n.status === 'draft' ? (
                      // Asks first, as "Send now" does: a newsletter cannot be unsent
                      <Confirm
                        label={t('newsletters.send')}
                        confirm={t('newsletters.sendDraftConfirm', { subject: n.subject })}
                        disabled={act.busy}
                        onConfirm={() =>
                          act.run(async () => {
                            const sent = await stores.newsletters.send(n.id)
                            return t('newsletters.sentTo', { subject: sent.subject, n: sent.recipientCount })
                          })
                        }
                      />
                    ) : (
                      <button type="button" class="btn alt" aria-expanded={open === n.id} onClick={() => setOpen(open === n.id ? null : n.id)}>
                        {t('newsletters.recipients')}
                      </button>
                    ),
                },
              ]}
            />
            {open && items.some((n) => n.id === open) && <Recipients id={open} />}
          </>
        )}
      </Paged>
    </section>
  )
}

function Audience({ a }: { a: NewsletterAudience }) {
  const { t, stores } = useConsole()
  const segments = useStore(stores.segments.$).data ?? []
  if ('all' in a) return <>{t('newsletters.everyone')}</>
  if ('segmentId' in a) return <>{segments.find((s) => s.id === a.segmentId)?.name ?? a.segmentId}</>
  return <>{t('newsletters.partners', { n: a.partnerIds.length })}</>
}

function Delivery({ n }: { n: Newsletter }) {
  const { t, locale } = useConsole()
  if (n.status === 'draft') return <span class="mut">—</span>
  const parts = (['sent', 'pending', 'failed', 'unsubscribed'] as const).filter((k) => n.delivery[k] > 0).map((k) => `${formatNumber(n.delivery[k], locale)} ${t(`recipient.${k}`)}`)
  return <span data-delivery={n.id}>{parts.join(' · ') || t('newsletters.nobody')}</span>
}

function Recipients({ id }: { id: string }) {
  const { t, stores } = useConsole()
  const [s, setS] = useState<{ id: string; data?: NewsletterRecipient[]; error?: unknown }>({ id })
  const [attempt, setAttempt] = useState(0)
  useEffect(() => {
    let live = true
    setS({ id })
    stores.session.call((c) => c.newsletters.recipients(id, { limit: 100 })).then(
      (page) => live && setS({ id, data: page.data }),
      (error: unknown) => live && setS({ id, error }),
    )
    return () => void (live = false)
  }, [id, attempt])
  if (s.error) return <Failed error={s.error} retry={() => setAttempt(attempt + 1)} />
  if (!s.data || s.id !== id) return <Loading />
  return (
    <div>
      <h3>{t('newsletters.recipients')}</h3>
      {s.data.length ? (
        <Table
          caption={t('newsletters.recipients')}
          rows={s.data.map((r) => ({ ...r, id: r.partnerId }))}
          cols={[
            { label: t('email'), cell: (r) => r.email },
            { label: t('status'), cell: (r) => <Badge kind="recipient" value={r.status} /> },
            { label: t('newsletters.sentAt'), cell: (r) => <Day iso={r.sentAt} /> },
            { label: t('newsletters.readAt'), cell: (r) => <Day iso={r.readAt} /> },
            { label: t('newsletters.error'), cell: (r) => r.error ?? '' },
          ]}
        />
      ) : (
        <Empty text={t('newsletters.nobody')} />
      )}
    </div>
  )
}

function Compose() {
  const { t, stores, locale } = useConsole()
  const segments = useStore(stores.segments.$).data ?? []
  // Markdown by default: what most managers type (lists, links) reads as meant.
  const [f, setF] = useState({ subject: '', body: '', format: 'markdown' as 'text' | 'markdown', audience: '' })
  /** "Send now" asks first, naming the audience (a segment with its live count): a newsletter cannot be unsent. */
  const [confirming, setConfirming] = useState(false)
  const audienceWords = () => {
    const s = segments.find((s) => s.id === f.audience)
    return s ? t('newsletters.segmentOption', { name: s.name, n: formatNumber(s.count, locale) }) : t('newsletters.everyoneLower')
  }
  const [errors, setErrors] = useState<Record<string, string>>({})
  const act = useAct()
  const set = (k: keyof typeof f) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value
    setF((f) => ({ ...f, [k]: v }))
    setConfirming(false)
    setPreview(null)
  }

  /** The failure said is a test copy's (the mail server refused the address, say): editing the address answers it */
  const testFailed = useRef(false)
  const valid = () => {
    testFailed.current = false // a new action: its outcome replaces the test copy's
    const bad: Record<string, string> = {}
    if (!f.subject.trim()) bad.subject = t('required')
    if (!f.body.trim()) bad.body = t('required')
    setErrors(bad)
    return !Object.keys(bad).length
  }
  const draft = () => ({ subject: f.subject.trim(), body: f.body, format: f.format })
  /** The email as partners will receive it, in the program's template (rendered by the server) */
  const [preview, setPreview] = useState<string | null>(null)
  /** Where test copies go: remembered; empty sends to the console's manager */
  const [testTo, setTestTo] = useState(() => localStorage.getItem(TEST_TO) ?? '')
  const editTestTo = (to: string) => {
    setTestTo(to)
    if (testFailed.current && act.note && !act.note.ok) act.setNote(null)
    testFailed.current = false
  }
  const showPreview = () =>
    valid() &&
    act.run(async () => {
      setPreview((await stores.session.call((c) => c.newsletters.preview(draft()))).html)
    })
  const sendTest = () =>
    valid() &&
    act.run(async () => {
      localStorage.setItem(TEST_TO, testTo.trim())
      try {
        const sent = await stores.session.call((c) => c.newsletters.sendTest({ ...draft(), ...(testTo.trim() && { to: testTo.trim() }) }))
        return t('newsletters.testSent', { to: sent.to })
      } catch (error) {
        const errs = apiErrors(error, ['to'], '')
        if (!errs.form) return void setErrors(errs)
        testFailed.current = true
        throw error
      }
    })

  const submit = (send: boolean, confirmed = false) => (e: Event) => {
    e.preventDefault()
    if (!valid()) return
    if (send && !confirmed) return void setConfirming(true)
    setConfirming(false)
    const audience: NewsletterAudience = f.audience ? { segmentId: f.audience } : { all: true }
    void act.run(async () => {
      let n: Newsletter
      try {
        n = await stores.newsletters.create({ subject: f.subject.trim(), body: f.body, format: f.format, audience }, send)
      } catch (error) {
        const errs = apiErrors(error, ['subject', 'body'], '')
        if (!errs.form) return void setErrors(errs)
        throw error
      }
      setF((f) => ({ ...f, subject: '', body: '' }))
      setPreview(null) // it was of what was just sent or saved, not of the emptied form
      return send ? t('newsletters.sentTo', { subject: n.subject, n: formatNumber(n.recipientCount, locale) }) : t('newsletters.drafted', { subject: n.subject })
    })
  }

  return (
    <form onSubmit={submit(true)} noValidate>
      <h3 style={{ marginTop: 0 }}>{t('newsletters.compose')}</h3>
      <Field id="nl-s" label={t('newsletters.subject')} error={errors.subject}>
        {(p) => <input {...p} maxLength={200} value={f.subject} onInput={set('subject')} />}
      </Field>
      <Field id="nl-b" label={t('newsletters.body')} hint={f.format === 'markdown' ? t('newsletters.markdownHint') : undefined} error={errors.body}>
        {(p) => <textarea {...p} value={f.body} onInput={set('body')} />}
      </Field>
      <div class="row">
        <Field id="nl-f" label={t('newsletters.format')}>
          {(p) => (
            <select {...p} value={f.format} onChange={set('format')}>
              <option value="text">{t('newsletters.text')}</option>
              <option value="markdown">{t('newsletters.markdown')}</option>
            </select>
          )}
        </Field>
        <Field id="nl-a" label={t('newsletters.audience')}>
          {(p) => (
            <select {...p} value={f.audience} onChange={set('audience')}>
              <option value="">{t('newsletters.everyone')}</option>
              {segments.map((s) => (
                <option value={s.id}>{t('newsletters.segmentOption', { name: s.name, n: formatNumber(s.count, locale) })}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div class="row">
        <Field id="nl-to" label={t('newsletters.testTo')} hint={t('newsletters.testToHint')} error={errors.to}>
          {(p) => <input {...p} type="email" value={testTo} onInput={(e) => editTestTo(e.currentTarget.value)} />}
        </Field>
      </div>
      <div class="acts">
        <button type="button" class="btn alt" disabled={act.busy} onClick={showPreview}>
          {t('newsletters.preview')}
        </button>
        <button type="button" class="btn alt" disabled={act.busy} onClick={sendTest}>
          {t('newsletters.sendTest')}
        </button>
      </div>
      {/* Sandboxed: the email's HTML runs nothing and reaches nothing of the console */}
      {preview !== null && <iframe title={t('newsletters.preview')} sandbox="" srcdoc={preview} style={{ width: '100%', height: '24rem', border: '1px solid #ddd' }} />}
      {confirming ? (
        <div class="acts" role="alertdialog" aria-labelledby="nl-confirm">
          <p id="nl-confirm">{t('newsletters.confirm', { subject: f.subject.trim(), audience: audienceWords() })}</p>
          <button type="button" class="btn" disabled={act.busy} onClick={submit(true, true)}>
            {t('newsletters.confirmSend')}
          </button>
          <button type="button" class="btn alt" disabled={act.busy} onClick={() => setConfirming(false)}>
            {t('newsletters.cancel')}
          </button>
        </div>
      ) : (
        <div class="acts">
          <button type="submit" class="btn" disabled={act.busy}>
            {t('newsletters.sendNow')}
          </button>
          <button type="button" class="btn alt" disabled={act.busy} onClick={submit(false)}>
            {t('newsletters.saveDraft')}
          </button>
        </div>
      )}
      <Note note={act.note} />
    </form>
  )
}

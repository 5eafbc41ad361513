// The review queue: pending applications with their answers; approve (into a group) or reject with a reason.
import type { Application } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Badge } from '../../kit/Badge.tsx'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { StatusFilter } from '../../kit/StatusFilter.tsx'
import { Day, FormActs, Note, Paged, useAct, useListNote } from '../ui.tsx'

const STATUSES: Application['status'][] = ['pending', 'approved', 'rejected']

export function Applications() {
  const { t, stores } = useConsole()
  const status = useStore(stores.applications.$status)
  // Decided applications leave the pending list: the outcome is announced here, not on the item.
  const { note, announce } = useListNote(status)
  return (
    <section>
      <StatusFilter label={t('status')} id="ap-s" value={status} statuses={STATUSES} word={(s) => t(`application.${s}`)} onChange={(s) => s && stores.applications.setStatus(s)} />
      <Note note={note} />
      <Paged store={stores.applications} empty={t(status === 'pending' ? 'applications.empty' : 'applications.none')}>
        {(items) => items.map((a) => <Item key={a.id} a={a} announce={announce} />)}
      </Paged>
    </section>
  )
}

function Item({ a, announce }: { a: Application; announce: (text: string) => void }) {
  const { t, stores } = useConsole()
  const groups = useStore(stores.groups.$).data ?? []
  const questions = useStore(stores.applications.form.$).data?.questions ?? []
  const [group, setGroup] = useState('')
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState('')
  const act = useAct()
  const who = a.name ? `${a.name} <${a.email}>` : a.email

  const reject = (e: Event) => {
    e.preventDefault()
    if (!reason.trim()) return setReasonError(t('applications.reasonRequired'))
    setReasonError('')
    void act.run(async () => {
      await stores.applications.reject(a.id, reason.trim())
      announce(t('applications.rejected', { who }))
    })
  }

  return (
    <article class="item" aria-label={who}>
      <div class="head">
        <h4>{who}</h4>
        <span class="mut">
          <Day iso={a.createdAt} /> <Badge kind="application" value={a.status} />
        </span>
      </div>
      {Object.keys(a.answers).length > 0 && (
        <dl>
          {Object.entries(a.answers).map(([k, v]) => (
            <>
              <dt>{questions.find((q) => q.id === k)?.label ?? k}</dt>
              <dd>{typeof v === 'boolean' ? t(v ? 'yes' : 'no') : v}</dd>
            </>
          ))}
        </dl>
      )}
      {a.status === 'rejected' && a.rejectionReason && <p class="mut">{t('applications.reason', { reason: a.rejectionReason })}</p>}
      {a.status === 'approved' && <p class="mut">{t(a.autoApproved ? 'applications.autoApproved' : 'applications.approvedOn')}</p>}
      {a.status === 'pending' && !rejecting && (
        <div class="row">
          <Field id={`g-${a.id}`} label={t('applications.group')}>
            {(p) => (
              <select {...p} value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
                <option value="">{t('group.none')}</option>
                {groups.map((g) => (
                  <option value={g.id}>{g.name}</option>
                ))}
              </select>
            )}
          </Field>
          <div class="acts">
            <button
              type="button"
              class="btn"
              disabled={act.busy}
              onClick={() =>
                act.run(async () => {
                  await stores.applications.approve(a.id, group || undefined)
                  announce(t('applications.approved', { who }))
                })
              }
            >
              {t('approve')}
            </button>
            <button type="button" class="btn alt" disabled={act.busy} onClick={() => setRejecting(true)}>
              {t('reject')}
            </button>
          </div>
        </div>
      )}
      {a.status === 'pending' && rejecting && (
        <form onSubmit={reject} noValidate class="row">
          <Field id={`r-${a.id}`} label={t('applications.reasonLabel')} hint={t('applications.reasonHint')} error={reasonError}>
            {(p) => <input {...p} value={reason} onInput={(e) => setReason(e.currentTarget.value)} ref={(i) => void (i && !reason && i.focus())} />}
          </Field>
          <FormActs submit={t('reject.confirm')} busy={act.busy} onCancel={() => setRejecting(false)} />
        </form>
      )}
      <Note note={act.note} />
    </article>
  )
}

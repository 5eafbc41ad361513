// A bounty in the portal: what it pays, the partner's submissions (with the reason of a rejected one, and
// withdraw while pending), and the form for proof while the partner may still send some.
import type { PortalBounty, PortalChallenge, SubmitProofInput } from '@afflio/sdk/types'
import { usePortal } from '../context.ts'
import { formatDate } from '../../kit/format.ts'
import { apiErrors } from '../../kit/api-errors.ts'
import { Field } from '../../kit/Field.tsx'
import { FormStatus, useForm } from '../../kit/form.tsx'
import { Badge } from '../../kit/Badge.tsx'

const WEB = /^https?:\/\/[^\s/]+\S*$/i
const FIELDS = ['url', 'text', 'fileUrl'] as const

export function Bounty({ c, b, reward }: { c: PortalChallenge; b: PortalBounty; reward: string }) {
  const { t, locale, stores } = usePortal()
  const withdraw = (id: string) => stores.session.call((x) => x.challenges.withdraw(c.id, id)).then(stores.challenges.run, stores.challenges.run)
  return (
    <>
      <p class="stats">
        {t('ch.reward')}: {t('bn.each', { reward, n: b.maxPerPartner })}
      </p>
      <ul class="plain">
        {b.submissions.map((s) => (
          <li data-submission={s.id} key={s.id}>
            <Badge kind="status" value={s.status} /> <span class="sm">{formatDate(s.createdAt, locale)}</span> {s.url && <a href={s.url} target="_blank" rel="noreferrer">{s.url}</a>}
            {s.text && <p class="mut pre">{s.text}</p>}
            {s.reason && <p class="err">{t('bn.reason', { reason: s.reason })}</p>}
            {s.status === 'pending' && (
              <button type="button" class="btn alt" onClick={() => void withdraw(s.id)}>
                {t('bn.withdraw')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {b.canSubmit && <Proof id={c.id} />}
    </>
  )
}

function Proof({ id }: { id: string }) {
  const { t, stores } = usePortal()
  const form = useForm()
  // Uncontrolled: the fields are read once, on submit.
  const submit = (e: Event) => {
    e.preventDefault()
    const el = e.currentTarget as HTMLFormElement
    const v = Object.fromEntries(FIELDS.map((k) => [k, String(new FormData(el).get(k)).trim()]).filter((e) => e[1])) as SubmitProofInput
    void form.run(
      {
        url: v.url ? !WEB.test(v.url) && t('links.badUrl') : !v.text && t('bn.need'),
        fileUrl: v.fileUrl && !WEB.test(v.fileUrl) && t('links.badUrl'),
      },
      async () => {
        await stores.session.call((x) => x.challenges.submit(id, v))
        el.reset()
        await stores.challenges.run()
        return t('bn.sent')
      },
      (error) => apiErrors(error, [...FIELDS], t('error')),
    )
  }
  return (
    <form onSubmit={submit} noValidate>
      {FIELDS.map((k) => (
        <Field id={`${id}-${k}`} label={t(`bn.${k}`)} error={form.errors.value[k]}>
          {(p) => (k === 'text' ? <textarea {...p} name={k} rows={2} maxLength={2000} /> : <input {...p} name={k} type="url" />)}
        </Field>
      ))}
      <button type="submit" class="btn" disabled={form.busy.value}>
        {t('bn.submit')}
      </button>
      <FormStatus form={form} />
    </form>
  )
}

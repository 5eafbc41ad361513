// Bounties' review queue: pending proof from partners, oldest first, of one bounty or all. Approving pays
// the bounty's reward (the server holds the caps and pays once); rejecting asks for the reason the partner
// is told.
import type { BountySubmission } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { Field } from '../../kit/Field.tsx'
import { Table } from '../../kit/Table.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Day, Money, Note, Paged, useAct } from '../ui.tsx'

export function Submissions() {
  const { t, stores } = useConsole()
  const bounties = useStore(stores.challenges.$).items.filter((c) => c.metric === 'bounty')
  const bounty = useStore(stores.submissions.$bounty)
  const act = useAct()
  return (
    <section aria-label={t('bounties.queue')}>
      <h3>{t('bounties.queue')}</h3>
      <Field id="bq-b" label={t('bounties.filter')}>
        {(p) => (
          <select {...p} value={bounty} onChange={(e) => stores.submissions.setBounty(e.currentTarget.value)}>
            <option value="">{t('bounties.all')}</option>
            {bounties.map((b) => (
              <option value={b.id}>{b.name}</option>
            ))}
          </select>
        )}
      </Field>
      <Note note={act.note} />
      <Paged store={stores.submissions} empty={t('bounties.empty')}>
        {(items) => (
          <Table
            caption={t('bounties.queue')}
            rows={items}
            cols={[
              { label: t('date'), cell: (s) => <Day iso={s.createdAt} /> },
              { label: t('deals.partner'), cell: (s) => s.partnerName ?? s.partnerEmail },
              { label: t('bounties.filter'), cell: (s) => s.challengeName },
              {
                label: t('bounties.proof'),
                cell: (s) => (
                  <>
                    {[s.url, s.fileUrl].map((u) => u && <a href={u} target="_blank" rel="noreferrer">{u} </a>)}
                    {s.text && <p class="pre">{s.text}</p>}
                  </>
                ),
              },
              { label: t('challenges.reward'), num: true, cell: (s) => <Money minor={s.reward.amountMinor} currency={s.reward.currency} /> },
              { label: t('actions'), cell: (s) => <Review s={s} run={act.run} /> },
            ]}
          />
        )}
      </Paged>
    </section>
  )
}

function Review({ s, run }: { s: BountySubmission; run: ReturnType<typeof useAct>['run'] }) {
  const { t, stores } = useConsole()
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const who = s.partnerName ?? s.partnerEmail
  if (!rejecting) {
    return (
      <span class="acts">
        <button type="button" class="btn" onClick={() => run(async () => (await stores.submissions.approve(s.id), t('bounties.approved', { who })))}>
          {t('approve')}
        </button>
        <button type="button" class="btn alt" onClick={() => setRejecting(true)}>
          {t('reject')}
        </button>
      </span>
    )
  }
  // The browser refuses an empty reason (required, trimmed by the server: a blank one is a 400 in the note).
  const submit = (e: Event) => (e.preventDefault(), void run(async () => (await stores.submissions.reject(s.id, reason), t('bounties.rejected'))))
  return (
    <form onSubmit={submit} class="acts">
      <input aria-label={t('reason')} placeholder={t('reason')} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      <button type="submit" class="btn">
        {t('reject.confirm')}
      </button>
      <button type="button" class="btn alt" onClick={() => setRejecting(false)}>
        {t('cancel')}
      </button>
    </form>
  )
}

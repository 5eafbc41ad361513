// Commissions: every commission with its amount, status and why (the rule's reason, each fraud rule it
// tripped, why it is held), filtered by status or by the fraud rules; hold, release or void one with a
// note. Below, the program's fraud rules.
import type { Commission, CommissionActionInput, CommissionStatus } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { commissionReason, fraudInWords, holdReason } from '../../reason.ts'
import { Badge } from '../../kit/Badge.tsx'
import { Field } from '../../kit/Field.tsx'
import { useStore } from '../../kit/use-store.ts'
import { useConsole } from '../context.ts'
import { Day, FormActs, Money, Note, Paged, useAct, useListNote } from '../ui.tsx'
import { FraudRulesForm } from './FraudRules.tsx'
import { CouponPolicyForm } from './CouponCodes.tsx'
import { rowsFor, Why } from '../../why.tsx'

const STATUSES: CommissionStatus[] = ['pending', 'on_hold', 'approved', 'in_payout', 'paid', 'reversed', 'fraud']
/** Which actions a commission's status allows, none for a clawback (the server's holds.ts decides; this only hides buttons that would fail) */
const ACTIONS: Record<CommissionActionInput['action'], CommissionStatus[]> = { hold: ['pending', 'approved'], release: ['on_hold'], mark_fraud: ['pending', 'approved', 'on_hold'] }

export function Commissions() {
  const { t, stores } = useConsole()
  const filter = useStore(stores.commissions.$filter)
  const flagged = filter.flagged === undefined ? '' : String(filter.flagged)
  // The outcome of an action on a commission that left the filtered list with it (its own note went too)
  const gone = useListNote(filter)
  return (
    <section>
      <div class="filters">
        <Field id="cm-s" label={t('status')}>
          {(p) => (
            <select {...p} value={filter.status ?? ''} onChange={(e) => stores.commissions.filter({ ...filter, status: (e.currentTarget.value || undefined) as CommissionStatus | undefined })}>
              <option value="">{t('all')}</option>
              {STATUSES.map((s) => (
                <option value={s}>{t(`status.${s}`)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field id="cm-f" label={t('commissions.flagged')}>
          {(p) => (
            <select {...p} value={flagged} onChange={(e) => stores.commissions.filter({ ...filter, flagged: e.currentTarget.value === '' ? undefined : e.currentTarget.value === 'true' })}>
              <option value="">{t('commissions.flaggedAny')}</option>
              <option value="true">{t('commissions.flaggedOnly')}</option>
              <option value="false">{t('commissions.flaggedNone')}</option>
            </select>
          )}
        </Field>
      </div>
      <Note note={gone.note} />
      <Paged store={stores.commissions} empty={t('commissions.none')}>
        {(items) => items.map((c) => <Item key={c.id} c={c} onGone={gone.announce} />)}
      </Paged>
      <FraudRulesForm />
      <CouponPolicyForm />
    </section>
  )
}

/** `onGone`: told the outcome when the action takes the commission out of the filtered list it is shown in */
export function Item({ c, onGone }: { c: Commission; onGone?: (text: string) => void }) {
  const { t, stores, locale } = useConsole()
  const partner = useStore(stores.directory.$).data?.get(c.partnerId)
  const [action, setAction] = useState<CommissionActionInput['action'] | null>(null)
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | undefined>()
  const act = useAct()
  const held = holdReason(c, t, locale)
  const allowed = (Object.keys(ACTIONS) as CommissionActionInput['action'][]).filter((a) => c.reversesId === null && ACTIONS[a].includes(c.status))

  const submit = (e: Event) => {
    e.preventDefault()
    if (!action) return
    if (!note.trim()) return setError(t('required'))
    setError(undefined)
    void act.run(async () => {
      const done = await stores.commissions.act(c.id, action, note.trim())
      setAction(null)
      setNote('')
      const text = t(`commissions.done.${action}`)
      if (onGone && !stores.commissions.shows(done)) onGone(text)
      return text
    })
  }

  return (
    <article class="item" aria-label={c.id} data-commission={c.id}>
      <div class="head">
        <h4>
          <Money minor={c.amountMinor} currency={c.currency} /> <span class="mut">· {t(`commissionKind.${c.kind}`)}</span>
        </h4>
        <span class="mut">
          <Day iso={c.createdAt} /> <Badge kind="status" value={c.status} />
        </span>
      </div>
      <dl>
        <dt>{t('commissions.partner')}</dt>
        <dd>{partner ? (partner.name ?? partner.email) : c.partnerId}</dd>
        <dt>{t('reason')}</dt>
        <dd>
          {commissionReason(c, t, locale)}
          <Why
            load={() => stores.session.call((x) => x.commissions.explain(c.id))}
            rows={rowsFor(t, locale, (f) => fraudInWords(f, t, locale), (id) => stores.directory.$.get().data?.get(id)?.email ?? id)}
            label={[t('why.open'), t('why.close')]}
          />
        </dd>
        {c.fraudFlags.length > 0 && (
          <>
            <dt>{t('commissions.fraud')}</dt>
            <dd>
              <ul class="flags">
                {c.fraudFlags.map((f) => (
                  <li data-flag={f.kind}>{fraudInWords(f, t, locale)}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {held && (
          <>
            <dt>{t('commissions.held')}</dt>
            <dd class="held">{held}</dd>
          </>
        )}
      </dl>
      {action === null && allowed.length > 0 && (
        <div class="acts">
          {allowed.map((a) => (
            <button type="button" class={a === 'release' ? 'btn' : 'btn alt'} onClick={() => setAction(a)}>
              {t(`commissions.${a}`)}
            </button>
          ))}
        </div>
      )}
      {action && (
        <form onSubmit={submit} noValidate>
          <div class="row">
            <Field id={`cn-${c.id}`} label={t('commissions.noteLabel')} error={error}>
              {(p) => <input {...p} maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />}
            </Field>
          </div>
          <FormActs submit={t(`commissions.${action}`)} busy={act.busy} onCancel={() => setAction(null)} />
        </form>
      )}
      <Note note={act.note} />
    </article>
  )
}

// The console's small building blocks: the states every view has besides "ready" (loading, empty,
// failed) and a paged list's frame (the kit's), money and dates in the manager's locale, a two-step
// confirm button, and a hook for buttons that write (busy flag, outcome announced in a live region).
import { AfflioApiError, AfflioNetworkError } from '@afflio/sdk'
import type { ComponentChildren } from 'preact'
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { formatBound, formatDate, formatEnd, formatMoney } from '../kit/format.ts'
import { fromServer, withoutField } from '../kit/api-errors.ts'
import { useStore } from '../kit/use-store.ts'
import { useConsole } from './context.ts'
import type { T } from './messages.ts'

export { Async, Empty, Failed, Loading } from '../kit/states.tsx'
export { Money } from '../kit/Money.tsx'
export { Paged } from '../kit/Paged.tsx'

/** A moment's date, in the manager's time zone */
export function Day({ iso }: { iso: string | null | undefined }) {
  const { locale } = useConsole()
  return <>{iso ? formatDate(iso, locale) : '—'}</>
}

/** A time bound (a claim's sale day, a challenge's start): a day given as a day is that calendar day wherever the manager is (kit/format.ts formatBound) */
export function Bound({ iso }: { iso: string }) {
  const { locale } = useConsole()
  return <>{formatBound(iso, locale)}</>
}

/** An exclusive end (a challenge's): its last calendar day, or the moment with its time (kit/format.ts formatEnd) */
export function End({ iso }: { iso: string }) {
  const { locale } = useConsole()
  return <>{formatEnd(iso, locale)}</>
}

/** A refusal the console itself makes, in words for the manager (thrown inside useAct's run). */
export class Refusal extends Error {}

/** The message of a failed write: the API's own words when it gave any (not a proxy's error page). */
export function errorText(t: T, error: unknown): string {
  if ((error instanceof AfflioApiError && fromServer(error.message)) || error instanceof Refusal) return error.message
  return t(error instanceof AfflioNetworkError ? 'error.network' : 'error.write')
}

/**
 * A failed save's errors by the API's field path (`questions.0.label`), when `shown(path)` says the form
 * shows that field; anything else is rethrown for the form's note. `as` renames a path the request nested
 * the form's fields under (a backtest's `edit.tiers.0.value` is the rule form's `tiers.0.value`).
 */
export function fieldErrors(error: unknown, shown: (field: string) => boolean, as: (field: string) => string = (f) => f): Record<string, string> {
  // Shown under the field it names: without the API's "field: " lead ("tiers.0.value: must be …")
  if (error instanceof AfflioApiError && error.field && shown(as(error.field))) return { [as(error.field)]: withoutField(error.message, error.field) }
  throw error
}

export interface Outcome {
  ok: boolean
  text: string
}

/**
 * The outcome of a decision said above a filtered list (the decided item may leave it): another filter shows
 * another list, which the outcome is not about, so it goes.
 */
export function useListNote(filter: unknown) {
  // Each filter shown counts one more list; a note is said for the list shown when it came. (No effect
  // clears it: a first showing's effect can run after a quick decision and take its note.)
  const list = useRef({ filter, n: 0 })
  if (list.current.filter !== filter) list.current = { filter, n: list.current.n + 1 }
  const [said, setSaid] = useState<{ note: Outcome; n: number } | null>(null)
  return { note: said && said.n === list.current.n ? said.note : null, announce: (text: string) => setSaid({ note: { ok: true, text }, n: list.current.n }) }
}

/** A write behind a button: `busy` while it runs; its outcome (or error) for <Note>. */
export function useAct() {
  const { t } = useConsole()
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState<Outcome | null>(null)
  const run = async (f: () => Promise<string | void>): Promise<boolean> => {
    setBusy(true)
    setNote(null)
    try {
      const text = await f()
      setNote(text ? { ok: true, text } : null)
      return true
    } catch (error) {
      setNote({ ok: false, text: errorText(t, error) })
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, note, run, setNote }
}

/** The outcome of a write, announced politely to screen readers. */
export function Note({ note }: { note: Outcome | null }) {
  return (
    <p role="status" aria-live="polite" class={note && !note.ok ? 'err note' : 'mut note'}>
      {note?.text ?? ''}
    </p>
  )
}

/** "$120.00 + €30.00": amounts summed per currency */
export const total = (rows: { currency: string; amountMinor: number }[], locale: string) =>
  [...new Set(rows.map((r) => r.currency))].map((c) => formatMoney(rows.reduce((s, r) => s + (r.currency === c ? r.amountMinor : 0), 0), c, locale)).join(' + ')

/**
 * A button that asks once more before doing something that cannot be undone. The question takes focus
 * (ConfirmQuestion), and kit/focus.ts gives it back to the button when the question closes.
 */
export function Confirm({ label, confirm, disabled, onConfirm }: { label: string; confirm: string; disabled?: boolean; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false)
  if (!asking) {
    return (
      <button type="button" class="btn alt" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    )
  }
  return <ConfirmQuestion question={confirm} onYes={() => (setAsking(false), onConfirm())} onNo={() => setAsking(false)} />
}

/**
 * Confirm's question on its own, for a form that opens it itself (Partners' bulk payment asks once the
 * server has said whom it would pay): the words, then Yes and No, as a group named `name`. Focus moves
 * to Yes as it opens, and only then (a render while it is open leaves focus where the user put it).
 */
export function ConfirmQuestion({ question, name = question, onYes, onNo }: { question: string; name?: string; onYes: () => void; onNo: () => void }) {
  const { t } = useConsole()
  const yes = useRef<HTMLButtonElement>(null)
  const said = useId()
  // Itself, not through kit/focus.ts, which moves focus only from a control that had it: Safari and
  // Firefox on macOS do not focus a button on a click, so the button that opened this never had it.
  // In the render's commit, so kit/focus.ts sees focus move from the removed button into the question
  // (when the button did have it) and gives it back to the button when the question closes. Only while
  // focus is lost: a question that comes back as a selection does, or late after a server's answer,
  // leaves the user's focus where it is (a third Space must not pay).
  useLayoutEffect(() => {
    const root = yes.current?.getRootNode() as Document | ShadowRoot | undefined
    const active = root?.activeElement
    if (!active || !active.isConnected || active === document.body) yes.current?.focus()
  }, [])
  return (
    // Escape answers No, as it closes any question on the web; focus goes back as for No
    <span class="acts" role="group" aria-label={name} aria-describedby={said} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), onNo())}>
      <span id={said}>{question}</span>
      <button ref={yes} type="button" class="btn" onClick={onYes}>
        {t('yes')}
      </button>
      <button type="button" class="btn alt" onClick={onNo}>
        {t('no')}
      </button>
    </span>
  )
}

/** A review item's facts as a definition list: a fact whose value is absent (null, undefined, false, '') is left out. */
export function Facts({ rows }: { rows: Array<[label: string, value: ComponentChildren]> }) {
  return (
    <dl>
      {rows.map(([label, value]) =>
        value === null || value === undefined || value === false || value === '' ? null : (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ),
      )}
    </dl>
  )
}

/** A decision form's last row: its submit button (off while the action runs) and Cancel, which closes the form. */
export function FormActs({ submit, busy, ready = true, onCancel }: { submit: string; busy?: boolean; ready?: boolean; onCancel: () => void }) {
  const { t } = useConsole()
  return (
    <div class="acts">
      <button type="submit" class="btn" disabled={busy || !ready}>
        {submit}
      </button>
      <button type="button" class="btn alt" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  )
}

export { amountError, amountText, toMinor } from '../kit/amount.ts'

/** Said where email goes out (newsletters, messages) when the server has no mail server: emails wait, unsent. */
export function NoMail() {
  const { t, stores } = useConsole()
  const mail = useStore(stores.payouts.settings.$).data?.mail
  return mail && !mail.configured ? (
    <p class="note err" role="status" data-no-mail>
      {t('mail.off')}
    </p>
  ) : null
}

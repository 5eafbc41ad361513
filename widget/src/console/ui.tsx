// The console's small building blocks: the states every view has besides "ready" (loading, empty,
// failed) and a paged list's frame (the kit's), money and dates in the manager's locale, status badges, a two-step
// confirm button, and a hook for buttons that write (busy flag, outcome announced in a live region).
import { AfflioApiError, AfflioNetworkError } from '@afflio/sdk'
import type { ComponentChildren } from 'preact'
import { useState } from 'preact/hooks'
import { formatDate, fractionDigits } from '../kit/format.ts'
import { useStore } from '../kit/use-store.ts'
import { useConsole } from './context.ts'
import type { MessageKey, T } from './messages.ts'

export { Async, Empty, Failed, Loading } from '../kit/states.tsx'
export { Money } from '../kit/Money.tsx'
export { Paged } from '../kit/Paged.tsx'

export function Day({ iso }: { iso: string | null | undefined }) {
  const { locale } = useConsole()
  return <>{iso ? formatDate(iso, locale) : '—'}</>
}

/** A status as a coloured pill: <Badge kind="deal" value="won" /> reads the `deal.won` message. */
export function Badge({ kind, value }: { kind: string; value: string }) {
  return <span class={`badge b-${value}`}>{useConsole().t(`${kind}.${value}` as MessageKey)}</span>
}

/** The message of a failed write: the API's own words when it gave any. */
/** A refusal the console itself makes, in words for the manager (thrown inside useAct's run). */
export class Refusal extends Error {}

export function errorText(t: T, error: unknown): string {
  if (error instanceof AfflioApiError || error instanceof Refusal) return error.message
  return t(error instanceof AfflioNetworkError ? 'error.network' : 'error.write')
}

/**
 * A failed save's errors by the API's field path (`questions.0.label`), when `shown(path)` says the form
 * shows that field; anything else is rethrown for the form's note.
 */
export function fieldErrors(error: unknown, shown: (field: string) => boolean): Record<string, string> {
  if (error instanceof AfflioApiError && error.field && shown(error.field)) return { [error.field]: error.message }
  throw error
}

export interface Outcome {
  ok: boolean
  text: string
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

/** A button that asks once more before doing something that cannot be undone. */
export function Confirm({ label, confirm, disabled, onConfirm }: { label: string; confirm: string; disabled?: boolean; onConfirm: () => void }) {
  const { t } = useConsole()
  const [asking, setAsking] = useState(false)
  if (!asking) {
    return (
      <button type="button" class="btn alt" disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    )
  }
  return (
    <span class="acts" role="group" aria-label={confirm}>
      <span>{confirm}</span>
      <button
        type="button"
        class="btn"
        ref={(b) => b?.focus()}
        onClick={() => {
          setAsking(false)
          onConfirm()
        }}
      >
        {t('yes')}
      </button>
      <button type="button" class="btn alt" onClick={() => setAsking(false)}>
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
export function FormActs({ submit, busy, onCancel }: { submit: string; busy?: boolean; onCancel: () => void }) {
  const { t } = useConsole()
  return (
    <div class="acts">
      <button type="submit" class="btn" disabled={busy}>
        {submit}
      </button>
      <button type="button" class="btn alt" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  )
}

/**
 * Minor units from what a manager types in major units: "1,234.50" USD -> 123450. `unit` is the currency (its
 * code or symbol may lead, as the console shows amounts) or, for a number that is no money, its decimals
 * (a percentage in basis points: 2; a count: 0). Null when the text is no amount or has more decimals than
 * the unit: an amount is never rounded, nor its commas guessed at. No amount the console takes is negative.
 */
export function toMinor(text: string, unit: string | number): number | null {
  const minor = parseAmount(text, unit)
  return typeof minor === 'number' ? minor : null
}

/** The words for an amount toMinor refused: its currency's decimals when it had more, else the form's own. */
export function amountError(t: T, text: string, unit: string | number, otherwise: string): string {
  if (typeof unit === 'number' || parseAmount(text, unit) !== 'decimals') return otherwise
  const n = fractionDigits(unit)
  return t(n ? 'amount.decimals' : 'amount.noDecimals', { currency: unit, n })
}

// En-US, as the console shows amounts: commas group thousands ("12,345.67"; a first group of 0 groups
// nothing). A lone comma before 1-2 digits is a decimal comma ("7,50"); before 3, only in a 3-decimal
// currency and when they cannot be thousands ("0,500" KWD is 0.5, "1,500" KWD is 1500 as the console shows it).
const POINT = /^([1-9]\d{0,2}(?:,\d{3})+|\d*)(?:\.(\d+))?$/
const comma = (digits: number) => new RegExp(`^(\\d+),(\\d{1,${Math.max(2, digits)}})$`)

function parseAmount(text: string, unit: string | number): number | 'decimals' | null {
  const digits = typeof unit === 'number' ? unit : fractionDigits(unit)
  const s = typeof unit === 'number' ? text.trim() : withoutMark(text.trim(), unit)
  const m = POINT.exec(s) ?? comma(digits).exec(s)
  if (!m || !/\d/.test(s)) return null
  const [, whole = '', fraction = ''] = m
  if (fraction.length > digits) return 'decimals'
  // Joined as digits: a float times 10^digits is not exact (19.99 * 100 is 1998.9999999999998)
  const minor = Number(whole.replace(/,/g, '') + fraction.padEnd(digits, '0'))
  return Number.isSafeInteger(minor) ? minor : null
}

/** `text` without a leading code or symbol of `currency` ("KWD 1.500", "$5", "CA$5"); another currency's stays, and fails. */
function withoutMark(text: string, currency: string): string {
  const marks = (['code', 'symbol', 'narrowSymbol'] as const).map(
    (display) => new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: display }).formatToParts(0).find((p) => p.type === 'currency')!.value,
  )
  // The longest first: "CA$" before "$"
  const mark = marks.sort((a, b) => b.length - a.length).find((x) => text.slice(0, x.length).toUpperCase() === x.toUpperCase())
  return mark ? text.slice(mark.length).trimStart() : text
}

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

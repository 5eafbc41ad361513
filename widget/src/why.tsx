// "Why this amount?" on a commission, in the portal and the console: a button that loads the commission's
// explanation and shows it in words (explanation.ts) below it.
import type { CommissionExplanation, FraudFlag } from '@afflio/sdk/types'
import { useState } from 'preact/hooks'
import { type ExplanationRow, explanationRows } from './explanation.ts'
import { Failed, Loading } from './kit/states.tsx'

type Rows = (e: CommissionExplanation) => ExplanationRow[]

export function Why({ load, rows, label }: { load: () => Promise<CommissionExplanation>; rows: Rows; label: [open: string, close: string] }) {
  const [open, setOpen] = useState(false)
  const [state, setState] = useState<{ e?: CommissionExplanation; error?: unknown }>({})
  const fetch = () => {
    setState({})
    load().then((e) => setState({ e }), (error: unknown) => setState({ error }))
  }
  const toggle = () => {
    if (!open && !state.e) fetch()
    setOpen(!open)
  }
  return (
    <div class="why">
      <button type="button" class="btn alt" aria-expanded={open} onClick={toggle}>
        {label[open ? 1 : 0]}
      </button>
      {open &&
        (state.e ? (
          <dl>
            {rows(state.e).map(([l, lines]) => (
              <>
                <dt>{l}</dt>
                <dd>{lines.length === 1 ? lines[0] : lines.map((x) => <div>{x}</div>)}</dd>
              </>
            ))}
          </dl>
        ) : state.error ? (
          <Failed error={state.error} retry={fetch} />
        ) : (
          <Loading />
        ))}
    </div>
  )
}

/** The rows for one reader: its words, locale, and (the console) fraud rules and partner names in words. */
export const rowsFor =
  (t: Parameters<typeof explanationRows>[1], locale: string, fraud?: (f: FraudFlag) => string, partnerName?: (id: string) => string): Rows =>
  (e) =>
    explanationRows(e, t, locale, fraud, partnerName)

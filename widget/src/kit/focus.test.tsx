// kit/focus.ts in happy-dom, through mountWidget as every widget gets it: where focus goes when a write
// removes the focused control. The console's real views are in console.browser.test.ts (Chromium).
import { useState } from 'preact/hooks'
import { afterEach, describe, expect, test } from 'vitest'
import { mountWidget } from './mount.tsx'
import { byText, tick, until } from './testing.ts'

let host: HTMLElement | undefined
let unmount: (() => void) | undefined
afterEach(() => {
  unmount?.()
  host?.remove()
})

const mount = (app: preact.VNode) => {
  host = document.createElement('div')
  document.body.append(host)
  unmount = mountWidget(host, '', undefined, app, {}).unmount
  return host.shadowRoot!
}
const focused = (root: ShadowRoot) => root.activeElement

/** A review queue: each row has Approve (the row goes) and Reject (a form with a reason replaces the buttons). */
function Queue({ initial }: { initial: string[] }) {
  const [rows, setRows] = useState(initial)
  return (
    <div role="tabpanel" tabIndex={0}>
      <section>
        <h3>Applications</h3>
        {rows.length ? (
          <div>
            {rows.map((r) => (
              <Row key={r} name={r} done={() => setRows((rows) => rows.filter((x) => x !== r))} />
            ))}
          </div>
        ) : (
          <p>None waiting.</p>
        )}
      </section>
    </div>
  )
}

function Row({ name, done }: { name: string; done: () => void }) {
  const [rejecting, setRejecting] = useState<'form' | 'self' | null>(null)
  return (
    <article aria-label={name}>
      <h4>{name}</h4>
      {rejecting ? (
        <form>
          {/* 'self': the view focuses its field itself, as a ref does */}
          <input aria-label="Reason" ref={(i) => void (rejecting === 'self' && i?.focus())} />
          <button type="button" onClick={() => setRejecting(null)}>
            Cancel
          </button>
          <button type="button" onClick={() => setTimeout(done, 5)}>
            Send
          </button>
        </form>
      ) : (
        <div class="acts">
          <button type="button" onClick={() => setTimeout(done, 5)}>
            Approve
          </button>
          <button type="button" onClick={() => setRejecting('form')}>
            Reject
          </button>
          <button type="button" onClick={() => setRejecting('self')}>
            Block
          </button>
        </div>
      )}
    </article>
  )
}

const row = (root: ShadowRoot, name: string) => root.querySelector<HTMLElement>(`article[aria-label="${name}"]`)!
const press = (el: HTMLElement) => {
  el.focus()
  el.click()
}

describe('focus after a write removes the focused control', () => {
  test("a row that goes: the same action in the next row, then the previous row's, then the list's heading", async () => {
    const root = mount(<Queue initial={['Ada', 'Bo', 'Cy']} />)
    await tick()
    press(byText(row(root, 'Bo'), 'button', 'Approve'))
    await until(() => expect(row(root, 'Bo')).toBeNull())
    await until(() => expect(focused(root)).toBe(byText(row(root, 'Cy'), 'button', 'Approve')))
    press(byText(row(root, 'Cy'), 'button', 'Approve'))
    await until(() => expect(focused(root)).toBe(byText(row(root, 'Ada'), 'button', 'Approve')))
    press(byText(row(root, 'Ada'), 'button', 'Approve'))
    await until(() => expect(focused(root)).toBe(root.querySelector('h3')))
    expect(root.querySelector('h3')!.tabIndex).toBe(-1) // focusable by script only, not a tab stop
  })

  test('a form that replaces its button takes focus, and gives it back to that button when it closes', async () => {
    const root = mount(<Queue initial={['Ada', 'Bo']} />)
    await tick()
    press(byText(row(root, 'Ada'), 'button', 'Reject'))
    await until(() => expect(focused(root)).toBe(row(root, 'Ada').querySelector('input')))
    press(byText(row(root, 'Ada'), 'button', 'Cancel'))
    await until(() => expect(focused(root)).toBe(byText(row(root, 'Ada'), 'button', 'Reject')))
    // Opened again from there: its field again (focus the watcher moved opened nothing)
    press(byText(row(root, 'Ada'), 'button', 'Reject'))
    await until(() => expect(focused(root)).toBe(row(root, 'Ada').querySelector('input')))
    press(byText(row(root, 'Ada'), 'button', 'Cancel'))
    await until(() => expect(focused(root)).toBe(byText(row(root, 'Ada'), 'button', 'Reject')))
    // A view that focuses its own field: the opener is found again all the same
    press(byText(row(root, 'Ada'), 'button', 'Block'))
    await tick()
    expect(focused(root)).toBe(row(root, 'Ada').querySelector('input'))
    press(byText(row(root, 'Ada'), 'button', 'Cancel'))
    await until(() => expect(focused(root)).toBe(byText(row(root, 'Ada'), 'button', 'Block')))
    // Sent, the row goes; the next row has no Send: the list's heading
    press(byText(row(root, 'Ada'), 'button', 'Reject'))
    await tick()
    press(byText(row(root, 'Ada'), 'button', 'Send'))
    await until(() => expect(row(root, 'Ada')).toBeNull())
    await until(() => expect(focused(root)).toBe(root.querySelector('h3')))
  })

  test('the tab panel when nothing before the place is a heading; nothing moves while focus is elsewhere', async () => {
    function Bare() {
      const [shown, setShown] = useState(true)
      return (
        <div role="tabpanel" tabIndex={0}>
          {shown && (
            <button type="button" onClick={() => setTimeout(() => setShown(false), 5)}>
              Dismiss
            </button>
          )}
        </div>
      )
    }
    const root = mount(<Bare />)
    await tick()
    press(byText(root, 'button', 'Dismiss'))
    await until(() => expect(focused(root)).toBe(root.querySelector('[role=tabpanel]')))

    unmount!()
    const again = mount(<Bare />)
    await tick()
    const outside = document.createElement('input')
    document.body.append(outside)
    byText(again, 'button', 'Dismiss').focus()
    byText(again, 'button', 'Dismiss').click()
    outside.focus() // the manager went on to the host page's own field
    await until(() => expect(again.querySelector('button')).toBeNull())
    await new Promise((r) => setTimeout(r, 20))
    expect(document.activeElement).toBe(outside)
    outside.remove()
  })
})

// Confirm as a keyboard user meets it, mounted as every widget is (kit/focus.ts watching): the question
// takes focus, keeps it where the user put it, and gives it back to the button when it closes.
import { useState } from 'preact/hooks'
import { afterEach, describe, expect, test } from 'vitest'
import { WidgetContext } from '../kit/context.ts'
import { mountWidget } from '../kit/mount.tsx'
import { byText, tick, until } from '../kit/testing.ts'
import { translator } from './messages.ts'
import { Confirm } from './ui.tsx'

let unmount: (() => void) | undefined
afterEach(() => unmount?.())

let rerender = () => {}
function View({ onConfirm }: { onConfirm: () => void }) {
  const [n, setN] = useState(0)
  rerender = () => setN((n) => n + 1)
  return (
    <WidgetContext.Provider value={{ t: translator() as never, locale: 'en-US', stores: {} }}>
      <section role="tabpanel" data-renders={n}>
        <h3>Budgets</h3>
        <Confirm label="Delete" confirm="Delete budget November?" onConfirm={onConfirm} />
      </section>
    </WidgetContext.Provider>
  )
}

describe('Confirm', () => {
  test('asking moves focus to Yes; a render while asking leaves it on No; No gives it back to the button; Yes confirms', async () => {
    const host = document.createElement('div')
    document.body.append(host)
    let confirmed = 0
    unmount = mountWidget(host, '', undefined, <View onConfirm={() => confirmed++} />, {}).unmount
    const root = host.shadowRoot!
    const focused = () => root.activeElement?.textContent
    await tick()
    byText(root, 'button', 'Delete').focus()
    byText(root, 'button', 'Delete').click()
    await until(() => expect(focused()).toBe('Yes'))
    expect(root.querySelector('[role=group]')!.getAttribute('aria-label')).toBe('Delete budget November?')
    byText(root, 'button', 'No').focus()
    rerender() // the view's stores changed meanwhile
    await until(() => expect(root.querySelector('[data-renders="1"]')).not.toBeNull())
    await new Promise((r) => setTimeout(r, 20))
    expect(focused()).toBe('No')
    byText(root, 'button', 'No').click()
    await until(() => expect(focused()).toBe('Delete'))
    expect(confirmed).toBe(0)
    byText(root, 'button', 'Delete').click()
    await until(() => expect(focused()).toBe('Yes'))
    byText(root, 'button', 'Yes').click()
    await until(() => expect(focused()).toBe('Delete'))
    expect(confirmed).toBe(1)
  })

  test('Escape answers No: nothing is confirmed and focus goes back to the button', async () => {
    const host = document.createElement('div')
    document.body.append(host)
    let confirmed = 0
    unmount = mountWidget(host, '', undefined, <View onConfirm={() => confirmed++} />, {}).unmount
    const root = host.shadowRoot!
    const focused = () => root.activeElement?.textContent
    await tick()
    byText(root, 'button', 'Delete').focus()
    byText(root, 'button', 'Delete').click()
    await until(() => expect(focused()).toBe('Yes'))
    root.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }))
    await until(() => expect(focused()).toBe('Delete'))
    expect(root.querySelector('[role=group]')).toBeNull()
    expect(confirmed).toBe(0)
  })

  // Safari (and Firefox on macOS) do not focus a button on a mouse click, and a mousedown on one takes
  // focus from where it was: the question must take focus itself, not wait for the button's to move.
  test('a click that does not focus the button (Safari): asking still moves focus to Yes, a render leaves it be, No gives it back', async () => {
    const host = document.createElement('div')
    document.body.append(host)
    let confirmed = 0
    unmount = mountWidget(host, '', undefined, <View onConfirm={() => confirmed++} />, {}).unmount
    const root = host.shadowRoot!
    const focused = () => root.activeElement?.textContent
    const safariClick = (name: string) => {
      ;(root.activeElement as HTMLElement | null)?.blur()
      byText(root, 'button', name).click()
    }
    await tick()
    safariClick('Delete')
    await until(() => expect(focused()).toBe('Yes'))
    byText(root, 'button', 'No').focus() // by the keyboard
    rerender()
    await until(() => expect(root.querySelector('[data-renders="1"]')).not.toBeNull())
    await new Promise((r) => setTimeout(r, 20))
    expect(focused()).toBe('No')
    safariClick('No')
    await until(() => expect(focused()).toBe('Delete'))
    safariClick('Delete')
    await until(() => expect(focused()).toBe('Yes'))
    safariClick('Yes')
    await until(() => expect(focused()).toBe('Delete'))
    expect(confirmed).toBe(1)
    host.remove()
  })
})

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
})

// kit/lazy.tsx in happy-dom; the real chunks and a dropped one are in console.browser.test.ts.
import { type JSX, render } from 'preact'
import { expect, it } from 'vitest'
import { WidgetContext } from './context.ts'
import { lazy } from './lazy.tsx'
import { stateWords, translatorFor } from './messages.ts'
import { byText, until } from './testing.ts'

const t = translatorFor(stateWords)
const mount = (View: () => JSX.Element) => {
  const root = document.createElement('div')
  render(
    <WidgetContext.Provider value={{ t: t as never, locale: 'en-US', stores: {} }}>
      <View />
    </WidgetContext.Provider>,
    root,
  )
  return root
}

it('shows the loading state until the view is in, then the view; a second mount loads nothing', async () => {
  let loads = 0
  let done!: () => void
  const View = lazy(() => {
    loads++
    return new Promise<{ Rules: () => JSX.Element }>((resolve) => (done = () => resolve({ Rules: () => <h3>Rules</h3> })))
  }, 'Rules')
  const root = mount(View)
  await until(() => expect(loads).toBe(1))
  expect(root.querySelector('[role=status]')!.textContent).toBe('Loading…')
  done()
  await until(() => expect(root.querySelector('h3')?.textContent).toBe('Rules'))
  expect(mount(View).querySelector('h3')!.textContent).toBe('Rules')
  expect(loads).toBe(1)
})

it('a failed load says so, and Try again loads again', async () => {
  let loads = 0
  const View = lazy(() => (++loads === 1 ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : Promise.resolve({ Groups: () => <h3>Groups</h3> })), 'Groups')
  const root = mount(View)
  await until(() => expect(root.querySelector('[role=alert]')?.textContent).toContain('Something went wrong while loading this.'))
  byText(root, 'button', 'Try again').click()
  await until(() => expect(root.querySelector('h3')?.textContent).toBe('Groups'))
  expect(loads).toBe(2)
})

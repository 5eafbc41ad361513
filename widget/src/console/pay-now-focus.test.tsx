// Bulk Pay now's question as a keyboard user meets it: it takes focus only when the user just asked, never
// from a control the user is on (a selection that brings it back, a preview that answers late), and it is
// read out with its words, not only its name.
import { afterEach, expect, test } from 'vitest'
import { API, byText, choose, consoleRoutes, preview, render, run, tick, until } from './testing.ts'

let view: ReturnType<typeof render> | undefined
afterEach(() => view?.cleanup())
const submit = (form: Element) => form.dispatchEvent(new Event('submit', { cancelable: true }))

test('selecting the same partners again brings the question back without taking focus from the checkbox', async () => {
  view = render(consoleRoutes({ [`POST ${API}/partners/bulk`]: { action: 'pay', matched: 3, changed: 1, payoutRun: { ...run(1), skipped: [] } } }))
  byText(view.root, '[role=tab]', 'Partners').click()
  await tick()
  await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
  for (const n of ['Partner 1', 'Partner 2']) view.$<HTMLInputElement>(`[aria-label="Select ${n}"]`)!.click()
  await tick()
  choose(view.$<HTMLSelectElement>('[aria-label=Action]')!, 'pay')
  await tick()
  submit(view.$('form.bulk')!)
  await until(() => expect(view!.$('form.bulk [role=group]')).not.toBeNull())
  const box = view.$<HTMLInputElement>('[aria-label="Select Partner 2"]')!
  box.focus()
  box.click() // keyboard user toggles Partner 2 off (Space)
  await until(() => expect(view!.$('form.bulk [role=group]')).toBeNull())
  box.click() // ...and back on
  await until(() => expect(view!.$('form.bulk [role=group]')).not.toBeNull())
  await new Promise((r) => setTimeout(r, 30))
  expect(view.root.activeElement).toBe(box)
  const group = view.$('form.bulk [role=group]')!
  expect(view.root.getElementById(group.getAttribute('aria-describedby')!)?.textContent).toMatch(/\S/)
})

test('a preview that answers after the user moved on leaves focus where the user is; the question is read out with its words', async () => {
  let answer: (v: unknown) => void = () => {}
  view = render(consoleRoutes({ [`GET ${API}/payout-runs/preview`]: () => new Promise((r) => (answer = r)) }))
  byText(view.root, '[role=tab]', 'Partners').click()
  await tick()
  await until(() => expect(view!.$$('tbody tr')).toHaveLength(3))
  view.$<HTMLInputElement>('[aria-label="Select Partner 1"]')!.click()
  await tick()
  choose(view.$<HTMLSelectElement>('[aria-label=Action]')!, 'pay')
  await tick()
  submit(view.$('form.bulk')!)
  await tick()
  const box = view.$<HTMLInputElement>('[aria-label="Select Partner 3"]')!
  box.focus()
  answer(preview())
  await until(() => expect(view!.$('form.bulk [role=group]')).not.toBeNull())
  await new Promise((r) => setTimeout(r, 30))
  expect(view.root.activeElement).toBe(box)
  const group = view.$('form.bulk [role=group]')!
  expect(view.root.getElementById(group.getAttribute('aria-describedby')!)?.textContent).toMatch(/\S/)
})

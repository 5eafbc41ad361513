// Field in happy-dom, in a widget's shadow root: a form whose check (or whose server) finds errors puts the
// focus on the first field in error, so its label, invalid state and error (aria-describedby) are read out.
import { useState } from 'preact/hooks'
import { afterEach, expect, test } from 'vitest'
import { Field } from './Field.tsx'
import { mountWidget } from './mount.tsx'
import { until } from './testing.ts'

let host: HTMLElement | undefined
let unmount: (() => void) | undefined
afterEach(() => {
  unmount?.()
  host?.remove()
})

/** Two fields; each submit finds the errors `check` gives for the try it is (the first, the second, …) */
function Form({ check }: { check: (n: number) => Record<string, string> }) {
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [n, setN] = useState(0)
  const submit = (e: Event) => {
    e.preventDefault()
    // As a server's answer: after the submit, not in it
    setTimeout(() => setErrors(check(n)), 0)
    setN(n + 1)
  }
  return (
    <form onSubmit={submit} noValidate>
      {['name', 'email'].map((k) => (
        <Field id={k} label={k} error={errors[k]}>
          {(p) => <input {...p} />}
        </Field>
      ))}
      <button type="submit">Save</button>
    </form>
  )
}

test('the first field in error takes the focus from the submit button, again when a new submit finds it still wrong', async () => {
  host = document.createElement('div')
  document.body.append(host)
  unmount = mountWidget(host, '', undefined, <Form check={(n): Record<string, string> => (n === 0 ? { email: 'Enter an address.' } : { name: 'Too long.', email: 'Enter an address.' })} />, {}).unmount
  const root = host.shadowRoot!
  const button = root.querySelector('button')!
  button.focus()
  root.querySelector('form')!.requestSubmit(button)
  await until(() => expect(root.activeElement?.id).toBe('email'))
  expect(root.activeElement!.getAttribute('aria-describedby')).toBe('email-e')
  button.focus()
  root.querySelector('form')!.requestSubmit(button)
  await until(() => expect(root.activeElement?.id).toBe('name'))
  // The same error again, after the address was edited (which hid it) and submitted unchanged
  const email = root.querySelector<HTMLInputElement>('#email')!
  email.value = 'x'
  email.dispatchEvent(new Event('input', { bubbles: true }))
  button.focus()
  root.querySelector('form')!.requestSubmit(button)
  await until(() => expect(root.activeElement?.id).toBe('name'))
})

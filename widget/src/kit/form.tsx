// A form's state in one hook: field errors, busy while writing, and the success line. Used by forms
// that check their fields, then write, then show either the server's errors or what was done.
import { useValue } from './use-value.ts'

export function useForm() {
  const errors = useValue<Record<string, string | undefined>>({})
  const busy = useValue(false)
  const done = useValue('')
  return {
    errors,
    busy,
    done,
    /**
     * `found`: the form's own checks (any error stops it). `write` resolves to the success message;
     * a rejection becomes errors through `fail`.
     */
    async run(found: Record<string, string | false | undefined>, write: () => Promise<string>, fail: (error: unknown) => Record<string, string>) {
      done.value = ''
      const bad = Object.fromEntries(Object.entries(found).filter((e): e is [string, string] => !!e[1]))
      errors.value = bad
      if (Object.keys(bad).length || busy.value) return
      busy.value = true
      try {
        done.value = await write()
      } catch (error) {
        errors.value = fail(error)
      } finally {
        busy.value = false
      }
    },
  }
}

/** The form's live line: its error (role=status, polite) or what was done. */
export function FormStatus({ form }: { form: ReturnType<typeof useForm> }) {
  const error = form.errors.value.form
  return (
    <p role="status" aria-live="polite" class={error ? 'err' : 'mut'}>
      {error ?? form.done.value}
    </p>
  )
}

import type { ComponentChildren } from 'preact'
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'

/**
 * A labelled form control with a hint and an error, wired for screen readers: the control gets
 * aria-describedby and aria-invalid. `children` receives the props to spread on the control.
 * The error goes as soon as the field is edited (it described what was there), and shows again when its
 * form is submitted with the error still standing, or when another error comes (a button that is no
 * submit, such as a newsletter's "Send me a test", clears the errors and gets a new one).
 * When its error shows, on a new error or a submit, the form's first field in error takes the focus: its
 * label, invalid state and error are read out, where an error beside a field would otherwise go unheard.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string
  label: string
  hint?: string | undefined
  error?: string | undefined
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ComponentChildren
}) {
  const [edited, setEdited] = useState(false)
  const [submits, setSubmits] = useState(0)
  const root = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const form = root.current?.closest('form')
    const submitted = () => {
      setEdited(false)
      setSubmits((n) => n + 1)
    }
    form?.addEventListener('submit', submitted, true)
    return () => form?.removeEventListener('submit', submitted, true)
  }, [])
  useLayoutEffect(() => setEdited(false), [error])
  if (edited) error = undefined
  useEffect(() => {
    const first = error ? root.current?.closest('form')?.querySelector<HTMLElement>('[aria-invalid=true]') : null
    if (first && root.current!.contains(first)) first.focus()
  }, [error, submits])
  const described = [hint && `${id}-h`, error && `${id}-e`].filter(Boolean).join(' ')
  const onEdit = () => error !== undefined && setEdited(true)
  return (
    <div class="field" ref={root} onInput={onEdit} onChange={onEdit}>
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': !!error, ...(described ? { 'aria-describedby': described } : {}) })}
      {hint && (
        <small id={`${id}-h`} class="mut">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-e`} class="err">
          {error}
        </small>
      )}
    </div>
  )
}

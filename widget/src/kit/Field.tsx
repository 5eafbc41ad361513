import type { ComponentChildren } from 'preact'

/**
 * A labelled form control with a hint and an error, wired for screen readers: the control gets
 * aria-describedby and aria-invalid. `children` receives the props to spread on the control.
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
  const described = [hint && `${id}-h`, error && `${id}-e`].filter(Boolean).join(' ')
  return (
    <div class="field">
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

// A list's status filter, shared by the console's review queues (applications, deals, claims). In the kit, not
// the console's ui.tsx: only tabs that are chunks use it, so it rides in the shared kit chunk, off the first screen.
import { Field } from './Field.tsx'

/** A list's status filter above its items; `all` (its words) adds it as the empty value. */
export function StatusFilter<S extends string>(p: { id: string; label: string; value: S | ''; statuses: readonly S[]; word: (s: S) => string; all?: string; onChange: (s: S | '') => void }) {
  return (
    <div class="filters">
      <Field id={p.id} label={p.label}>
        {(f) => (
          <select {...f} value={p.value} onChange={(e) => p.onChange(e.currentTarget.value as S | '')}>
            {p.all && <option value="">{p.all}</option>}
            {p.statuses.map((s) => (
              <option value={s}>{p.word(s)}</option>
            ))}
          </select>
        )}
      </Field>
    </div>
  )
}

/** Buttons choosing the one series a chart shows; the chosen one is pressed. */
export function SeriesSwitch<S extends string>({ all, value, label, name, pick }: { all: readonly S[]; value: S; label: string; name: (s: S) => string; pick: (s: S) => void }) {
  return (
    <div class="bar-top" role="group" aria-label={label}>
      {all.map((s) => (
        <button type="button" class={s === value ? 'btn' : 'btn alt'} aria-pressed={s === value} onClick={() => pick(s)}>
          {name(s)}
        </button>
      ))}
    </div>
  )
}

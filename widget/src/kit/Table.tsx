import type { ComponentChildren } from 'preact'

export interface Column<R> {
  label: string
  cell: (row: R) => ComponentChildren
  num?: boolean
}

/** A plain data table; wide content scrolls sideways inside it rather than the page. */
export function Table<R extends { id: string }>({ caption, cols, rows }: { caption: string; cols: Column<R>[]; rows: R[] }) {
  return (
    <div class="tw">
      <table>
        <caption class="sr">{caption}</caption>
        <thead>
          <tr>
            {cols.map((c) => (
              <th scope="col" class={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              {cols.map((c) => (
                <td class={c.num ? 'num' : undefined}>{c.cell(r)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

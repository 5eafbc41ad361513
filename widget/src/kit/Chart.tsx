// A bar chart in hand-written SVG: one bar per bucket, a gridline at the top value, first and last
// dates below. Each bar carries a <title> (hover tooltip). A screen reader gets the figures as a visually hidden
// table named by `label` (it reads no bars, nor their tooltips), and not the drawing. The
// labels are HTML around the svg, not svg text: the svg stretches to the width, and text inside it would
// shrink with it (about 5 px on a 390 px phone). Oldest bar first from the left in every locale: the
// labels are held left to right too (styles.ts), or a right-to-left page would put the first date under the last bar.
import { formatDay } from './format.ts'
import { useWidget } from './context.ts'

export interface ChartPoint {
  date: string
  value: number
}

const W = 600
const H = 120

export function Chart({ points, label, format }: { points: ChartPoint[]; label: string; format: (n: number) => string }) {
  const { locale } = useWidget()
  const max = Math.max(0, ...points.map((p) => p.value))
  const step = W / Math.max(points.length, 1)
  const gap = step > 6 ? Math.min(step * 0.2, 4) : 0
  const y = (v: number) => (max > 0 ? (H * Math.max(v, 0)) / max : 0)
  const first = points[0]
  const last = points[points.length - 1]
  return (
    <div class="chart">
      <span aria-hidden="true">{format(max)}</span>
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden="true">
        <line x1="0" x2={W} y1="0.5" y2="0.5" stroke-dasharray="3 3" vector-effect="non-scaling-stroke" />
        {points.map((p, i) => {
          const h = y(p.value)
          return (
            <rect key={p.date} x={i * step + gap / 2} y={H - h} width={step - gap} height={h}>
              <title>{`${formatDay(p.date, locale)}: ${format(p.value)}`}</title>
            </rect>
          )
        })}
        <line x1="0" x2={W} y1={H - 0.5} y2={H - 0.5} vector-effect="non-scaling-stroke" />
      </svg>
      <span aria-hidden="true">
        <span>{first && formatDay(first.date, locale)}</span>
        <span>{last && points.length > 1 && formatDay(last.date, locale)}</span>
      </span>
      <table class="sr">
        <caption>{label}</caption>
        <tbody>
          {points.map((p) => (
            <tr key={p.date}>
              <th scope="row">{formatDay(p.date, locale)}</th>
              <td>{format(p.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

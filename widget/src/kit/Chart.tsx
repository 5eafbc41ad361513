// A bar chart in hand-written SVG: one bar per bucket, a gridline at the top value, first and last
// dates below. Each bar carries a <title> (hover tooltip); the svg's label summarises the range.
import { formatDay } from './format.ts'
import { useWidget } from './context.ts'

export interface ChartPoint {
  date: string
  value: number
}

const W = 600
const H = 160
const TOP = 14
const BOTTOM = 18

export function Chart({ points, label, format }: { points: ChartPoint[]; label: string; format: (n: number) => string }) {
  const { locale } = useWidget()
  const max = Math.max(0, ...points.map((p) => p.value))
  const step = W / Math.max(points.length, 1)
  const gap = step > 6 ? Math.min(step * 0.2, 4) : 0
  const y = (v: number) => (max > 0 ? ((H - TOP - BOTTOM) * Math.max(v, 0)) / max : 0)
  const first = points[0]
  const last = points[points.length - 1]
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
      <line x1="0" x2={W} y1={TOP} y2={TOP} stroke-dasharray="3 3" />
      <line x1="0" x2={W} y1={H - BOTTOM} y2={H - BOTTOM} />
      <text x="0" y={TOP - 4}>
        {format(max)}
      </text>
      {points.map((p, i) => {
        const h = y(p.value)
        return (
          <rect key={p.date} x={i * step + gap / 2} y={H - BOTTOM - h} width={step - gap} height={h}>
            <title>{`${formatDay(p.date, locale)}: ${format(p.value)}`}</title>
          </rect>
        )
      })}
      {first && (
        <text x="0" y={H - 4}>
          {formatDay(first.date, locale)}
        </text>
      )}
      {last && points.length > 1 && (
        <text x={W} y={H - 4} text-anchor="end">
          {formatDay(last.date, locale)}
        </text>
      )}
    </svg>
  )
}

import { type KitKey, useWidget } from './context.ts'

/** A status as a coloured pill: <Badge kind="deal" value="won" /> reads the widget's `deal.won` message. */
export function Badge({ kind, value }: { kind: string; value: string }) {
  // A key of the widget's own table (the portal's `status.*`, the console's `run.*`), not one of the kit's
  return <span class={`badge b-${value}`}>{useWidget().t(`${kind}.${value}` as KitKey)}</span>
}

import { formatMoney } from './format.ts'
import { useWidget } from './context.ts'

/** Integer minor units in the partner's locale: <Money minor={1999} currency="USD" /> -> $19.99 */
export function Money({ minor, currency }: { minor: number; currency: string }) {
  return <>{formatMoney(minor, currency, useWidget().locale)}</>
}

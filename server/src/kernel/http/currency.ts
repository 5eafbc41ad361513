import { isCurrency } from '@afflio/sdk'
import { z } from 'zod'

/** An active ISO 4217 currency code, any case in, upper case out; the one currency field of every validator. */
export const currency = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required: an ISO 4217 currency code, e.g. USD (amounts are in its minor unit)' : undefined) })
  .transform((s) => s.toUpperCase())
  .pipe(z.string().refine(isCurrency, 'must be an active ISO 4217 currency code (e.g. USD, EUR, JPY, KWD)'))

// Validators of the links' QR endpoints, checked against the SDK's contract types.
import type { LinkQrQuery } from '@afflio/sdk/types'
import { z } from 'zod'
import { QR_SIZE } from './qr-svg.ts'

/** `https://acme.example` or `http://localhost:5173`: a scheme, host and port, no path */
const origin = z
  .string()
  .max(300)
  .refine((s) => {
    try {
      const url = new URL(s)
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === s
    } catch {
      return false
    }
  }, 'must be an http(s) origin, such as https://acme.example')

export const linkQr = z.object({
  size: z.coerce.number().int().min(QR_SIZE.min).max(QR_SIZE.max).optional(),
  sub: z.string().trim().max(100).optional(),
  origin: origin.optional(),
}) satisfies z.ZodType<LinkQrQuery, any>

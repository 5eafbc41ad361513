// Validators of the tracking endpoints, each checked against the SDK's contract type.
import type { TrackClickInput, TrackLeadInput } from '@afflio/sdk/types'
import { z } from 'zod'
import { email, id, linkCodeRef, text } from '../kernel/http/schemas.ts'

export const trackClick = z.object({
  key: z.string().max(200).optional(),
  code: linkCodeRef,
  url: z.string().max(2048).optional(),
  referrer: z.string().max(2048).optional(),
  subId: z.string().max(100).optional(),
}) satisfies z.ZodType<TrackClickInput, any>

export const trackLead = z.object({
  key: z.string().max(200).optional(),
  clickId: id('clk').optional(),
  customerExternalId: text(200),
  email: email.optional(),
  name: text(200).optional(),
}) satisfies z.ZodType<TrackLeadInput, any>

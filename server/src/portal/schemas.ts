// Validators of the partner portal's endpoints, each checked against the SDK's contract type. The
// payout details a partner sets are payouts' (payoutsSchemas.payoutDetails).
import type { CreatePortalLinkInput, PortalOverviewQuery } from '@afflio/sdk/types'
import { z } from 'zod'
import { day, linkCode, url } from '../kernel/http/schemas.ts'

export const portalOverview = z.object({
  from: day.optional(),
  to: day.optional(),
  interval: z.enum(['day', 'week', 'month']).optional(),
}) satisfies z.ZodType<PortalOverviewQuery, any>

export const createPortalLink = z.strictObject({
  destinationUrl: url.refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL').optional(),
  code: linkCode.optional(),
}) satisfies z.ZodType<CreatePortalLinkInput, any>

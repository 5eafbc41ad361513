// Validators of the partner portal's endpoints, each checked against the SDK's contract type. The
// payout details a partner sets are payouts' (payoutsSchemas.payoutDetails).
import type { CreatePortalLinkInput, PortalCommissionsQuery, PortalLinksQuery, PortalOverviewQuery, PortalPayoutHistoryQuery, UpdatePortalProfileInput } from '@afflio/sdk/types'
import { z } from 'zod'
import { day, linkCode, pageOf, text, url } from '../kernel/http/schemas.ts'
import { partnersSchemas } from '../partners/index.ts'

export const portalOverview = z.object({
  from: day.optional(),
  to: day.optional(),
  interval: z.enum(['day', 'week', 'month']).optional(),
}) satisfies z.ZodType<PortalOverviewQuery, any>

export const createPortalLink = z.strictObject({
  destinationUrl: url.refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL').optional(),
  code: linkCode.optional(),
}) satisfies z.ZodType<CreatePortalLinkInput, any>

export const updateProfile = z.strictObject({
  name: text(200).optional(),
  website: partnersSchemas.website.nullable().optional(),
  social: partnersSchemas.socialInput.optional(),
}) satisfies z.ZodType<UpdatePortalProfileInput, any>

/** `GET /v1/portal/links`: a page of the partner's links */
export const portalLinks = pageOf('lnk') satisfies z.ZodType<PortalLinksQuery, any>

/** `GET /v1/portal/commissions`: a page of the partner's commissions */
export const portalCommissions = pageOf('com') satisfies z.ZodType<PortalCommissionsQuery, any>

/** `GET /v1/portal/payouts/history` (and the console's partner page): a page of the partner's payouts */
export const payoutHistory = pageOf('po') satisfies z.ZodType<PortalPayoutHistoryQuery, any>

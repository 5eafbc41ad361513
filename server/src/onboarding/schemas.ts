// Validators of the onboarding and resources endpoints, each checked against the SDK's contract type.
import type {
  AcceptTermsInput,
  CreateResourceInput,
  ListResourcesQuery,
  OnboardingChecklistQuery,
  PortalResourcesQuery,
  PutOnboardingChecklistInput,
  UpdateResourceInput,
} from '@afflio/sdk/types'
import { z } from 'zod'
import { MAX_STEPS } from './checklist.ts'
import { id, pageOf } from '../kernel/http/schemas.ts'

const text = (max: number) => z.string().trim().min(1).max(max)
// Shown to partners as links: http(s) only, never javascript: or data:.
const url = z
  .string()
  .max(2048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
const content = z.string().min(1).max(50_000)
const resourceKind = z.enum(['logo', 'banner', 'copy', 'other', 'terms', 'brand_guidelines'])

export const createResource = z
  .strictObject({
    kind: resourceKind,
    title: text(200),
    description: text(2000).optional(),
    url: url.optional(),
    content: content.optional(),
    groupId: id('grp').nullable().optional(),
  })
  .refine((r) => r.url !== undefined || r.content !== undefined, { path: ['url'], message: 'give url, content, or both' }) satisfies z.ZodType<
  CreateResourceInput,
  any
>

// Whether url or content stays set is checked against the stored row (the service).
export const updateResource = z.strictObject({
  title: text(200).optional(),
  description: text(2000).nullable().optional(),
  url: url.nullable().optional(),
  content: content.nullable().optional(),
  newVersion: z.boolean().optional(),
}) satisfies z.ZodType<UpdateResourceInput, any>

export const listResources = pageOf('rsc').extend({ kind: resourceKind.optional(), groupId: id('grp').optional() }) satisfies z.ZodType<ListResourcesQuery, any>

export const portalResources = pageOf('rsc').extend({ kind: resourceKind.optional() }) satisfies z.ZodType<PortalResourcesQuery, any>

export const checklistQuery = z.object({ groupId: id('grp').optional() }) satisfies z.ZodType<OnboardingChecklistQuery, any>

export const putChecklist = z.strictObject({
  steps: z
    .array(
      z.strictObject({
        id: id('obs').optional(),
        kind: z.enum(['accept_terms', 'add_payout_details', 'read_resource', 'share_first_link', 'first_sale', 'custom']),
        title: text(200),
        description: text(2000).optional(),
        resourceId: id('rsc').optional(),
      }),
    )
    .max(MAX_STEPS),
}) satisfies z.ZodType<PutOnboardingChecklistInput, any>

export const acceptTerms = z.strictObject({
  resourceId: id('rsc'),
  version: z.number().int().min(1).safe(),
}) satisfies z.ZodType<AcceptTermsInput, any>

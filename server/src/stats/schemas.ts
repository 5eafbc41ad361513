// Validators of the stats endpoints, checked against the SDK's contract types.
import type { LinkStatsQuery } from '@afflio/sdk/types'
import { z } from 'zod'
import { day } from '../kernel/http/schemas.ts'

export const linkStats = z.object({
  since: day.optional().describe('The first day (`YYYY-MM-DD`, UTC), included. See "Periods".'),
  until: day.optional().describe('The last day (`YYYY-MM-DD`, UTC), included; `400` before `since`. See "Periods".'),
}) satisfies z.ZodType<LinkStatsQuery, any>

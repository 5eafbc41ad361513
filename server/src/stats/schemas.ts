// Validators of the stats endpoints, checked against the SDK's contract types.
import type { LinkStatsQuery } from '@afflio/sdk/types'
import { z } from 'zod'
import { day } from '../kernel/http/schemas.ts'

export const linkStats = z.object({ since: day.optional(), until: day.optional() }) satisfies z.ZodType<LinkStatsQuery, any>

// Configuration from the environment, checked once at start: a bad value stops the process with a message.
import { z } from 'zod'

const schema = z.object({
  DATABASE_URL: z.string().default('sqlite:.data/afflio.db'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  AFFLIO_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  AFFLIO_TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  AFFLIO_RATE_LIMIT_BURST: z.coerce.number().positive().default(60),
  AFFLIO_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(10),
})

export type Env = z.infer<typeof schema>

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return result.data
}

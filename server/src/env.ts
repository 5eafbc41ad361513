// Configuration from the environment, checked once at start: a bad value stops the process with a message.
import { z } from 'zod'
import { FRAME_SOURCE } from './kernel/http/security-headers.ts'

const schema = z.object({
  DATABASE_URL: z.string().default('sqlite:.data/afflio.db'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  AFFLIO_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  AFFLIO_TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  AFFLIO_RATE_LIMIT_BURST: z.coerce.number().positive().default(60),
  AFFLIO_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(10),
  // Email (newsletters, notifications): off while SMTP_URL is unset or empty. smtp:// or smtps://user:pass@host:port
  SMTP_URL: z.string().regex(/^(smtps?:\/\/.+)?$/, 'must be smtp://user:pass@host:port or smtps://…').optional().transform((v) => v || undefined),
  MAIL_FROM: z.string().min(3).default('Afflio <no-reply@localhost>'),
  // Where this server is reached from outside: the base of links in emails (unsubscribe)
  AFFLIO_PUBLIC_URL: z.string().url().default('http://localhost:8787'),
  // Who may frame the HTML pages (marketplace, unsubscribe): space-separated 'self' or https://origin; unset: nobody
  AFFLIO_FRAME_ANCESTORS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(/\s+/).filter(Boolean))
    .pipe(z.array(z.string().regex(FRAME_SOURCE, "must be space-separated 'self' or origins like https://partners.example.com"))),
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

// Configuration from the environment, checked once at start: a bad value stops the process with a message.
import { z } from 'zod'
import { FRAME_SOURCE } from './kernel/http/security-headers.ts'
import { networks } from './webhooks/destination.ts'
import { KEY_HELP, parseSecretKey } from './kernel/secrets.ts'

const schema = z.object({
  DATABASE_URL: z.string().default('sqlite:.data/afflio.db'),
  // Postgres: connections each process may open (docs/scaling.md says how to size it behind pgbouncer)
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  // Postgres: the hot paths' statements named, parsed once per connection; false behind a pgbouncer older than 1.21
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  AFFLIO_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  // true: one proxy in front; a number: that many, one behind the other (a CDN, then a load balancer)
  AFFLIO_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[0-9])$/, 'must be true, false, or how many proxies are in front (0-9)')
    .default('false')
    .transform((v) => (v === 'true' ? 1 : v === 'false' ? 0 : Number(v))),
  AFFLIO_RATE_LIMIT_BURST: z.coerce.number().positive().default(60),
  AFFLIO_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(10),
  // Email (newsletters, notifications): off while SMTP_URL is unset or empty. smtp:// or smtps://user:pass@host:port
  SMTP_URL: z.string().regex(/^(smtps?:\/\/.+)?$/, 'must be smtp://user:pass@host:port or smtps://…').optional().transform((v) => v || undefined),
  MAIL_FROM: z.string().min(3).default('Afflio <no-reply@localhost>'),
  // Where this server is reached from outside: the base of links in emails (unsubscribe; PUBLIC_URL_UNSET
  // while unset) and the server of /v1/openapi.json (relative while unset)
  AFFLIO_PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'must be an http(s) URL without query, like https://partners.example.com').optional(),
  // Who may frame the HTML pages (marketplace, unsubscribe): space-separated 'self' or https://origin; unset: nobody
  AFFLIO_FRAME_ANCESTORS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(/\s+/).filter(Boolean))
    .pipe(z.array(z.string().regex(FRAME_SOURCE, "must be space-separated 'self' or origins like https://partners.example.com"))),
  // Networks webhook endpoints may reach besides public addresses, comma-separated CIDRs (a receiver on this
  // host: 127.0.0.0/8,::1/128); unset: only public addresses (webhooks/destination.ts says why)
  AFFLIO_WEBHOOK_ALLOWED_NETWORKS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const cidrs = (v ?? '').split(',').map((c) => c.trim()).filter(Boolean)
      if (cidrs.length === 0) return null
      try {
        return networks(cidrs)
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `must be comma-separated networks like 127.0.0.0/8,::1/128 (${(err as Error).message})` })
        return z.NEVER
      }
    }),
  // Seals the Stripe and webhook secrets stored in the database (kernel/secrets.ts). Unset on SQLite: a key
  // file beside the database; unset on Postgres: serve refuses to start.
  AFFLIO_ENCRYPTION_KEY: z.string().optional().transform((v) => v || undefined).superRefine(keyCheck),
  // Older keys, comma-separated: they still open what they sealed, until `afflio rotate-secrets`
  AFFLIO_ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((v) => v || undefined)
    .superRefine((v, ctx) => v?.split(',').forEach((k) => k.trim() && keyCheck(k, ctx))),
})

function keyCheck(v: string | undefined, ctx: z.RefinementCtx) {
  if (v === undefined) return
  try {
    parseSecretKey(v)
  } catch {
    ctx.addIssue({ code: 'custom', message: `must be ${KEY_HELP}` })
  }
}

export type Env = z.infer<typeof schema>

/** The base of email links while AFFLIO_PUBLIC_URL is unset: this server on its default port. */
export const PUBLIC_URL_UNSET = 'http://localhost:8787'

/**
 * A variable set to nothing (`PORT=`, what a compose file or an EnvironmentFile gives for a value left
 * blank) is unset: it takes its default. Read as given, an empty DATABASE_URL opened a database in memory
 * (everything lost at the next start), an empty PORT a random port and an empty HOST every interface.
 */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const given = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ''))
  const result = schema.safeParse(given)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return result.data
}

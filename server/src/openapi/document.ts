// The OpenAPI 3.1 document, built from the route table (operations.ts) and the SDK's types as JSON
// Schema (sdk-types.schema.json). Plain data in, plain data out: routes.ts serves it, reference.ts
// writes docs/api.md from it.
import { readFileSync } from 'node:fs'
import { requestSchema, type JsonSchema } from './json-schema.ts'
import { type Auth, type Body, type Operation, operations } from './operations.ts'
import { componentName, type SdkSchema } from './sdk-schema.ts'

export type OpenApiDocument = JsonSchema & { openapi: string; paths: Record<string, Record<string, JsonSchema>>; components: { schemas: Record<string, JsonSchema> } & JsonSchema }

export const CONSOLE_TAG = 'Console'

const SECURITY: Record<Auth, Array<Record<string, string[]>>> = {
  secret: [{ secretKey: [] }, { consoleToken: [] }],
  'secret-only': [{ secretKey: [] }],
  publishable: [{ publishableKey: [] }, { secretKey: [] }],
  portal: [{ embedToken: [] }],
  admin: [{ adminToken: [] }],
  stripe: [{ stripeSignature: [] }],
  none: [],
}

const bearer = (format: string, description: string) => ({ type: 'http', scheme: 'bearer', bearerFormat: format, description })
const SECURITY_SCHEMES = {
  secretKey: bearer('sk_live_…', 'A secret key: your servers only. Shown once, when the program or key is created.'),
  consoleToken: bearer('ct_…', "A console token (POST /v1/console-tokens): a program manager's session in the browser; it expires (401 token_expired)."),
  publishableKey: bearer('pk_live_…', 'The publishable key, for web pages. The tracking endpoints also read it from the body (`key`).'),
  embedToken: bearer('et_…', "An embed token (POST /v1/embed-tokens): one partner's portal in the browser; it expires (401 token_expired)."),
  adminToken: bearer('AFFLIO_ADMIN_TOKEN', "The operator's token, set in the server's environment; the admin API is off (403) without it."),
  stripeSignature: { type: 'apiKey', in: 'header', name: 'Stripe-Signature', description: "Stripe's signature over the raw body, with the program's webhook signing secret." },
}

/** What each error status means; every error has the same body (ApiErrorBody). */
export const ERROR_CODES: Record<number, string> = {
  400: '`invalid_request`: the body, query or URL is not valid',
  401: '`unauthorized` (missing, malformed, unknown or revoked credential), or `token_expired`',
  403: '`forbidden`: the wrong kind of credential, or not allowed now',
  404: '`not_found`: no such object in this program, or no such route',
  409: '`conflict`: taken, or not allowed in its current state; or the same Idempotency-Key is still running',
  410: '`gone`: an invitation link that expired or was replaced',
  413: '`payload_too_large`: the body is over 64 KiB',
  422: '`idempotency_mismatch`: the Idempotency-Key was used with another request (or `nothing_to_pay`)',
  429: '`rate_limited`: wait `Retry-After` seconds',
}

const TAGS: Record<string, string> = {
  Meta: 'Liveness and this document',
  Bundles: "The browser bundles, served by the API so the script's origin is the API's",
  Admin: 'Operator endpoints of a self-hosted install (AFFLIO_ADMIN_TOKEN)',
  Tracking: 'Clicks and leads from web pages; sales and refunds from your servers',
  Program: 'The program, its settings, keys and tokens',
  Partners: 'Partners and their links',
  Commissions: 'Commissions, rules and partner groups',
  Payouts: 'Balances, payout runs and exports',
  Webhooks: 'Outgoing webhook endpoints and their delivery log',
  Onboarding: 'Resources and onboarding checklists',
  Recruitment: 'Marketplace listing, application form and applications',
  Segments: 'Saved segments and bulk actions over partners',
  'Coupon codes': "Partners' coupon and promotion codes: a sale with one is credited to its partner",
  'Deals and challenges': 'Deal registration and partner challenges',
  Messaging: 'Threads, newsletters and unsubscribe links',
  Marketplace: 'The public marketplace and application endpoints: no key, throttled per client address',
  Stripe: "Stripe's webhook, signed by Stripe",
  'Partner portal': "The partner's side, with an embed token: CORS-open",
  [CONSOLE_TAG]: 'The program API again under /console/v1 for the embeddable console: console tokens only, CORS-open',
}

/** The committed SDK schema (regenerate with `pnpm openapi`). */
export function loadSdkSchema(): SdkSchema {
  return JSON.parse(readFileSync(new URL('./sdk-types.schema.json', import.meta.url), 'utf8')) as SdkSchema
}

/**
 * The document. `publicUrl` (AFFLIO_PUBLIC_URL) is where this server is reached: its `servers`; without it
 * the server is `/`, which tools resolve against the URL they loaded the document from.
 */
export function buildDocument(sdk: SdkSchema, { publicUrl }: { publicUrl?: string | undefined } = {}): OpenApiDocument {
  const schemas = rewriteRefs(sdk.$defs) as Record<string, JsonSchema>
  const paths: Record<string, Record<string, JsonSchema>> = {}
  const add = (path: string, method: string, operation: JsonSchema) => {
    paths[path] ??= {}
    if (paths[path][method]) throw new Error(`${method.toUpperCase()} ${path} is in the table twice`)
    paths[path][method] = operation
  }
  for (const op of operations) {
    add(op.path, op.method, operation(op, schemas, false))
    if (op.auth === 'secret' || op.auth === 'secret-only') add(`/console${op.path}`, op.method, operation(op, schemas, true))
  }
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
  return {
    openapi: '3.1.0',
    info: {
      title: 'Afflio API',
      version,
      summary: 'Partner relationship management: tracking, commissions, payouts, recruitment and the partner portal',
      description:
        'Generated from the validators the server runs and the types the SDK exports. Conventions (errors, pagination, idempotency, money, rate limits, CORS) are in docs/api.md.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [
      publicUrl === undefined
        ? { url: '/', description: 'The server this document was loaded from' }
        : { url: publicUrl.replace(/\/+$/, ''), description: 'This Afflio server' },
    ],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas,
      securitySchemes: SECURITY_SCHEMES,
      responses: { Error: { description: 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } } } },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'Makes retrying this POST safe: the first response is stored and replayed (with `Idempotent-Replayed: true`).',
          schema: { type: 'string', maxLength: 255 },
        },
      },
    },
  }
}

function operation(op: Operation, schemas: Record<string, JsonSchema>, onConsole: boolean): JsonSchema {
  const secretOnly = onConsole && op.auth === 'secret-only'
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }))
  const parameters: JsonSchema[] = [...pathParams, ...queryParameters(op), ...(op.params ?? []).map(({ name, description }) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } }))]
  const idempotent = op.method === 'post' && (op.auth === 'secret' || op.auth === 'secret-only' || op.idempotent === true)
  if (idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' })

  const out: JsonSchema = {
    operationId: onConsole ? `console.${op.id}` : op.id,
    tags: onConsole ? [op.tag, CONSOLE_TAG] : [op.tag],
    summary: op.summary,
  }
  const description = secretOnly ? 'Always answers 403 here: it needs the secret key, which /console/v1 never takes.' : withReferences(op)
  if (description) out.description = description
  out.security = onConsole ? [{ consoleToken: [] }] : SECURITY[op.auth]
  if (parameters.length) out.parameters = parameters
  const body = requestBody(op, schemas)
  if (body) out.requestBody = body
  out.responses = secretOnly ? Object.fromEntries([400, 401, 403, 429].map((code) => [code, errorResponse(code, op)])) : responses(op, idempotent)
  return out
}

function queryParameters(op: Operation): JsonSchema[] {
  if (!op.query) return []
  const schema = requestSchema(op.query)
  const required = new Set((schema.required as string[] | undefined) ?? [])
  // A validator's description of a field (kernel/http/schemas.ts `period`) is the parameter's.
  return Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, { description, ...property }]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(typeof description === 'string' && { description }),
    schema: property,
  }))
}

function requestBody(op: Operation, schemas: Record<string, JsonSchema>): JsonSchema | undefined {
  if (op.rawBody) return { required: true, content: { 'application/json': { schema: op.rawBody } } }
  if (!op.body) return undefined
  let schema = requestSchema(op.body)
  if (op.sdkBody) schema = { title: op.sdkBodyPartial ? `Partial<${op.sdkBody}>` : op.sdkBody, ...withSdkDescriptions(schema, schemas[componentName(op.sdkBody)], schemas) }
  // An empty body reads as {}: a body that {} satisfies may be left out.
  return { required: !op.body.safeParse({}).success, content: { 'application/json': { schema } } }
}

/**
 * The SDK's doc comments on the type and its top-level fields, onto the validator's schema (which has none).
 * A branch of a validator's union takes them from the SDK's alternative that has the most of its fields, so
 * one variant's comment (a bounty's `startsAt`) is not put on another's field of the same name.
 */
function withSdkDescriptions(schema: JsonSchema, sdkType: JsonSchema | undefined, schemas: Record<string, JsonSchema>): JsonSchema {
  if (!sdkType) return schema
  const resolve = (node: JsonSchema): JsonSchema => (typeof node.$ref === 'string' ? resolve(schemas[node.$ref.split('/').pop()!] ?? {}) : node)
  const properties = (node: JsonSchema) => (node.properties ?? {}) as Record<string, JsonSchema>
  const collect = (node: JsonSchema, described = new Map<string, string>()) => {
    const at = resolve(node)
    for (const key of ['anyOf', 'oneOf', 'allOf']) for (const branch of (at[key] ?? []) as JsonSchema[]) collect(branch, described)
    for (const [name, property] of Object.entries(properties(at))) {
      if (typeof property.description === 'string' && !described.has(name)) described.set(name, property.description)
    }
    return described
  }
  const alternatives = (node: JsonSchema): JsonSchema[] => {
    const at = resolve(node)
    const alts = [...((at.anyOf ?? []) as JsonSchema[]), ...((at.oneOf ?? []) as JsonSchema[])]
    return alts.length ? alts.flatMap(alternatives) : [at]
  }
  const fields = (node: JsonSchema): string[] => {
    const at = resolve(node)
    return [...Object.keys(properties(at)), ...((at.allOf ?? []) as JsonSchema[]).flatMap(fields)]
  }
  const alts = alternatives(sdkType).map((alt) => ({ fields: new Set(fields(alt)), described: collect(alt) }))
  const closest = (branch: JsonSchema) => {
    const fit = (alt: (typeof alts)[number]) => Object.keys(properties(branch)).filter((n) => alt.fields.has(n)).length
    return alts.reduce((best, alt) => (fit(alt) > fit(best) ? alt : best)).described
  }
  const apply = (node: JsonSchema, described: Map<string, string>): JsonSchema => {
    const out = { ...node }
    if (out.properties) {
      const entries = Object.entries(out.properties as Record<string, JsonSchema>)
      out.properties = Object.fromEntries(entries.map(([name, p]) => [name, p.description || !described.has(name) ? p : { ...p, description: described.get(name) }]))
    }
    for (const key of ['anyOf', 'oneOf']) if (Array.isArray(out[key])) out[key] = (out[key] as JsonSchema[]).map((b) => apply(b, closest(b)))
    if (Array.isArray(out.allOf)) out.allOf = (out.allOf as JsonSchema[]).map((b) => apply(b, described))
    return out
  }
  const top = resolve(sdkType).description
  return apply(typeof top === 'string' && !schema.description ? { ...schema, description: top } : schema, collect(sdkType))
}

function content(body: Body): JsonSchema {
  return 'json' in body ? { 'application/json': { schema: body.json } } : { [body.text]: { schema: { type: 'string' } } }
}

function responses(op: Operation, idempotent: boolean): JsonSchema {
  const status = op.status ?? 200
  const out: JsonSchema = { [status]: { description: 'text' in op.response ? op.response.description : 'OK', content: content(op.response) } }
  for (const [code, extra] of Object.entries(op.extra ?? {})) out[code] = extra.body ? { description: extra.description, content: content(extra.body) } : { description: extra.description }
  for (const code of errorStatuses(op, idempotent)) out[code] = errorResponse(code, op)
  out.default = errorResponse(0, op)
  return out
}

/** The route's description, with the rule for the ids its body or query names (docs/api.md, Errors). */
function withReferences(op: Operation): string | undefined {
  if (!op.references?.length) return op.description
  const fields = op.references.map((f) => `\`${f}\``).join(', ')
  const rule = `An id in ${fields} that names nothing in the program (none, or another program's) answers \`404 not_found\` with that \`field\`.`
  return op.description ? `${op.description} ${rule}` : rule
}

/** The error statuses a route can answer, from what it takes; the table adds the rest. */
function errorStatuses(op: Operation, idempotent: boolean): number[] {
  const codes = new Set(op.errors)
  // Failed guesses at any credential are throttled per client address (kernel/http/auth-throttle.ts).
  if (op.auth !== 'none' && op.auth !== 'stripe') codes.add(401).add(403).add(429)
  if (op.rateLimited) codes.add(429)
  if (op.auth === 'stripe') codes.add(400).add(404)
  // A NUL (%00) anywhere in the URL is a 400 on every route (app.ts), path parameters and query
  // strings no validator reads included; the tracking routes, mounted ahead of that check, take a body.
  codes.add(400)
  if (op.path.includes('{') || op.references?.length) codes.add(404)
  if (op.body || op.rawBody) codes.add(413)
  if (idempotent) codes.add(409).add(422)
  return [...codes].sort((a, b) => a - b)
}

function errorResponse(status: number, op: Operation): JsonSchema {
  const description = ERROR_CODES[status] ?? 'Any other error, such as `500 internal`'
  // The HTML pages answer their errors as pages too.
  if ('text' in op.response && op.response.text === 'text/html') return { description, content: { 'text/html': { schema: { type: 'string' } } } }
  return { $ref: '#/components/responses/Error', description }
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs)
  if (node === null || typeof node !== 'object') return node
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' ? value.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(value)]),
  )
}

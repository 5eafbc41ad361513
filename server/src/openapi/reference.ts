// docs/api.md's route reference, written from the OpenAPI document so the two cannot disagree. The
// prose around it (conventions) is hand-written; this part lives between the markers.
import type { JsonSchema } from './json-schema.ts'
import { CONSOLE_TAG, type OpenApiDocument } from './document.ts'

export const BEGIN = '<!-- BEGIN generated reference: `pnpm openapi` writes this part from the OpenAPI document -->'
export const END = '<!-- END generated reference -->'

const METHODS = ['get', 'post', 'put', 'patch', 'delete']
const SCHEME_LABELS: Record<string, string> = {
  secretKey: 'secret key',
  consoleToken: 'console token',
  publishableKey: 'publishable key',
  embedToken: 'embed token',
  adminToken: 'admin token',
  stripeSignature: '`Stripe-Signature`',
}

type Op = JsonSchema & { tags: string[]; summary: string }

/** The reference, markers included. */
export function renderReference(doc: OpenApiDocument): string {
  const byTag = new Map<string, Array<{ method: string; path: string; op: Op }>>()
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as Op | undefined
      if (!op || op.tags.includes(CONSOLE_TAG)) continue // the console mirror is one sentence, below
      const list = byTag.get(op.tags[0]!) ?? []
      list.push({ method, path, op })
      byTag.set(op.tags[0]!, list)
    }
  }
  const out = [
    BEGIN,
    '',
    '## Routes',
    '',
    'Every operation of the [OpenAPI 3.1 document](#openapi) (`GET /v1/openapi.json`). Bodies and queries are described by the',
    "validators the server runs, so a field listed here is accepted and nothing else is (queries ignore unknown parameters).",
    'Types in `code` are the SDK\'s. The program API (auth "secret key or console token") is served again under',
    '`/console/v1/…` for console tokens only, CORS-open: `GET /console/v1/partners` is `GET /v1/partners`.',
  ]
  for (const tag of (doc.tags as Array<{ name: string; description: string }>).map((t) => t.name)) {
    const ops = byTag.get(tag)
    if (!ops) continue
    out.push('', `### ${tag}`)
    for (const { method, path, op } of ops) out.push('', ...renderOperation(method, path, op, doc))
  }
  out.push('', END)
  return out.join('\n')
}

function renderOperation(method: string, path: string, op: Op, doc: OpenApiDocument): string[] {
  const lines = [`#### \`${method.toUpperCase()} ${path}\``, '', `${op.summary}.${op.description ? ` ${op.description}` : ''}`, '']
  lines.push(`- **Auth**: ${auth(op.security as Array<Record<string, unknown>>)}`)
  const params = (op.parameters ?? []) as JsonSchema[]
  const query = params.filter((p) => p.in === 'query')
  if (query.length) {
    lines.push('- **Query**:')
    for (const p of query) lines.push(`  - \`${p.name}\`${p.required ? ' (required)' : ''}: ${describe(p.schema as JsonSchema, doc)}${p.description ? `. ${p.description}` : ''}`)
  }
  const body = op.requestBody as JsonSchema | undefined
  if (body) {
    const media = body.content as Record<string, { schema: JsonSchema }>
    const schema = media['application/json']!.schema
    lines.push(`- **Body**${schema.title ? ` \`${schema.title}\`` : ''}${body.required ? '' : ' (may be empty)'}:`, ...fields(schema, doc, '  '))
  }
  const responses = op.responses as Record<string, JsonSchema>
  const success = Object.keys(responses).filter((s) => /^[23]/.test(s))
  lines.push(`- **Response**: ${success.map((s) => `\`${s}\` ${responseType(responses[s]!, doc)}`).join('; ')}`)
  const errors = Object.keys(responses).filter((s) => /^[45]/.test(s))
  lines.push(`- **Errors**: ${errors.length ? errors.map((s) => `\`${s}\``).join(', ') : 'none besides `500`'}`)
  return lines
}

function auth(security: Array<Record<string, unknown>>): string {
  if (!security.length) return 'none'
  return security.map((requirement) => Object.keys(requirement).map((k) => SCHEME_LABELS[k] ?? k).join(' and ')).join(' or ')
}

function responseType(response: JsonSchema, doc: OpenApiDocument): string {
  const media = response.content as Record<string, { schema: JsonSchema }> | undefined
  const said = response.description === 'OK' ? '' : String(response.description)
  if (!media) return said
  const [type, { schema }] = Object.entries(media)[0]!
  if (type !== 'application/json') return `\`${type}\`: ${said}`
  return `\`${typeName(schema, doc)}\`${said ? ` (${said})` : ''}`
}

/** A schema as a type name: `Partner`, `Page<Link>`, `PartnerTierStanding | null`, `{ data: PartnerBalance[] }`. */
function typeName(schema: JsonSchema, doc: OpenApiDocument): string {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!
    const target = doc.components.schemas[name]
    return typeof target?.title === 'string' ? target.title : name
  }
  if (typeof schema.title === 'string') return schema.title
  if ('const' in schema) return JSON.stringify(schema.const)
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined
  if (union) return union.map((s) => typeName(s, doc)).join(' | ')
  if (schema.type === 'array') return `${typeName((schema.items ?? {}) as JsonSchema, doc)}[]`
  if (schema.type === 'null') return 'null'
  if (schema.properties) {
    const required = new Set((schema.required ?? []) as string[])
    const props = Object.entries(schema.properties as Record<string, JsonSchema>).map(([k, v]) => `${k}${required.has(k) ? '' : '?'}: ${typeName(v, doc)}`)
    return `{ ${props.join(', ')} }`
  }
  return Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any')
}

/** An object's fields as a bullet list; a union's variants one after the other. */
function fields(schema: JsonSchema, doc: OpenApiDocument, indent: string): string[] {
  const variants = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined
  if (variants && variants.every((v) => v.properties)) {
    return variants.flatMap((variant, i) => [`${indent}- ${variantLabel(variant, i)}:`, ...fields(variant, doc, `${indent}  `)])
  }
  if (!schema.properties) return [`${indent}- ${describe(schema, doc)}`]
  const required = new Set((schema.required ?? []) as string[])
  const lines: string[] = []
  for (const [name, property] of Object.entries(schema.properties as Record<string, JsonSchema>)) {
    if (isForbidden(property)) {
      lines.push(`${indent}- \`${name}\`: not allowed`)
      continue
    }
    lines.push(`${indent}- \`${name}\`${required.has(name) ? ' (required)' : ''}: ${describe(property, doc)}${property.description ? `. ${String(property.description)}` : ''}`)
    const nested = objectIn(property)
    if (nested && nested !== schema) lines.push(...fields(nested, doc, `${indent}  `))
  }
  return lines
}

function variantLabel(variant: JsonSchema, index: number): string {
  const properties = Object.entries(variant.properties as Record<string, JsonSchema>)
  const tag = properties.find(([, p]) => 'const' in p) ?? properties.find(([, p]) => Array.isArray(p.enum))
  if (tag) return `with \`${tag[0]}\` ${'const' in tag[1] ? `\`${JSON.stringify(tag[1].const)}\`` : (tag[1].enum as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(' or ')}`
  const required = (variant.required ?? []) as string[]
  return required.length ? `with ${required.map((r) => `\`${r}\``).join(' and ')}` : `form ${index + 1}`
}

const isForbidden = (s: JsonSchema) => typeof s.not === 'object' && s.not !== null && Object.keys(s.not).length === 0

/** The object (or union of objects) inside a field, an array's items included, whose fields deserve a list. */
function objectIn(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties) return schema
  if ((schema.oneOf ?? schema.anyOf) && ((schema.oneOf ?? schema.anyOf) as JsonSchema[]).every((v) => v.properties)) return schema
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object') return objectIn(schema.items as JsonSchema)
  const union = (schema.anyOf ?? []) as JsonSchema[]
  const nonNull = union.filter((s) => s.type !== 'null')
  return nonNull.length === 1 ? objectIn(nonNull[0]!) : undefined
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER

/** One field's type and limits in words: `string, 1 to 200 characters`, `integer, 0 to 365, default 25`. */
function describe(schema: JsonSchema, doc: OpenApiDocument): string {
  if (typeof schema.$ref === 'string') return `\`${typeName(schema, doc)}\``
  if ('const' in schema) return `\`${JSON.stringify(schema.const)}\``
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined
  if (union) {
    if (union.every((v) => v.properties)) return 'object, one of the forms below'
    return union.map((s) => describe(s, doc)).join(', or ')
  }
  if (Array.isArray(schema.type)) return schema.type.map((type) => describe({ ...schema, type }, doc)).join(', or ')
  const parts: string[] = []
  if (Array.isArray(schema.enum)) parts.push(`one of ${schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`)
  else if (schema.type === 'string') parts.push(stringText(schema))
  else if (schema.type === 'integer' || schema.type === 'number') parts.push(numberText(schema))
  else if (schema.type === 'array') parts.push(arrayText(schema, doc))
  else if (schema.type === 'object' || schema.properties) parts.push(objectText(schema, doc))
  else if (schema.type === 'null') parts.push('`null`')
  else parts.push(String(schema.type ?? 'any JSON value'))
  if ('default' in schema) parts.push(`default \`${JSON.stringify(schema.default)}\``)
  return parts.join(', ')
}

function stringText(s: JsonSchema): string {
  const parts = ['string']
  const id = typeof s.pattern === 'string' ? /^\^([a-z]+)_\[0-9a-z\]\{24\}\$$/.exec(s.pattern) : null
  if (id) parts[0] = `\`${id[1]}_…\` id`
  else if (s.format) parts.push(String(s.format))
  else if (typeof s.pattern === 'string' && s.pattern.length <= 48) parts.push(`matching \`${s.pattern}\``)
  const range = bounds(s.minLength as number | undefined, s.maxLength as number | undefined, 'characters')
  if (range) parts.push(range)
  return parts.join(', ')
}

function numberText(s: JsonSchema): string {
  const max = s.maximum === MAX_SAFE ? undefined : (s.maximum as number | undefined)
  const min = (s.minimum ?? s.exclusiveMinimum) as number | undefined
  const range =
    s.exclusiveMinimum !== undefined ? `over ${min}${max !== undefined ? `, at most ${max}` : ''}` : min !== undefined && max === undefined ? `at least ${min}` : bounds(min, max, '')
  return [String(s.type), range].filter(Boolean).join(', ')
}

function arrayText(s: JsonSchema, doc: OpenApiDocument): string {
  if (Array.isArray(s.prefixItems)) return `\`[${(s.prefixItems as JsonSchema[]).map((i) => ('const' in i ? JSON.stringify(i.const) : typeName(i, doc))).join(', ')}]\``
  const items = (s.items ?? {}) as JsonSchema
  const of = items.properties || (items.oneOf ?? items.anyOf) ? 'objects (below)' : describe(items, doc)
  const count = bounds(s.minItems as number | undefined, s.maxItems as number | undefined, 'items')
  return `array of ${of}${count ? `; ${count}` : ''}`
}

function objectText(s: JsonSchema, doc: OpenApiDocument): string {
  if (s.properties) return 'object'
  if (s.additionalProperties && typeof s.additionalProperties === 'object') {
    const key = (s.propertyNames ?? {}) as JsonSchema
    const keyText = key.maxLength ? `keys of at most ${key.maxLength} characters` : 'string keys'
    return `object with ${keyText}, each value ${describe(s.additionalProperties as JsonSchema, doc)}`
  }
  return 'object'
}

function bounds(min: number | undefined, max: number | undefined, unit: string): string {
  const u = unit ? ` ${unit}` : ''
  if (min !== undefined && max !== undefined) return min === max ? `exactly ${min}${u}` : `${min} to ${max}${u}`
  if (max !== undefined) return `at most ${max}${u}`
  if (min !== undefined && min > 0) return `at least ${min}${u}`
  return ''
}

/** The markdown file with its reference (between the markers, or appended) rewritten. */
export function replaceReference(markdown: string, doc: OpenApiDocument): string {
  const start = markdown.indexOf(BEGIN)
  const end = markdown.indexOf(END)
  const reference = renderReference(doc)
  if (start < 0 || end < start) return `${markdown.trimEnd()}\n\n${reference}\n`
  return markdown.slice(0, start) + reference + markdown.slice(end + END.length)
}

/** The reference now in the markdown file, markers included; null without markers. */
export function currentReference(markdown: string): string | null {
  const start = markdown.indexOf(BEGIN)
  const end = markdown.indexOf(END)
  return start < 0 || end < start ? null : markdown.slice(start, end + END.length)
}

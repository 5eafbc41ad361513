// The document is valid OpenAPI 3.1 as far as tools depend on it (refs resolve, path parameters
// declared, ids unique), and the app serves it to anyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.ts'
import { readEnv } from '../env.ts'
import { serve } from '../serve.ts'
import { createTestContext, type TestContext } from '../testing.ts'
import { buildDocument, loadSdkSchema } from './document.ts'
import type { JsonSchema } from './json-schema.ts'

const doc = buildDocument(loadSdkSchema())
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ path, method, op: op as JsonSchema & { parameters?: JsonSchema[]; responses: Record<string, JsonSchema> } })),
)

/** Follows a local JSON pointer (`#/components/schemas/Partner`) through the document. */
function at(pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined
  return pointer
    .slice(2)
    .split('/')
    .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc)
}

function refs(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, found)
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value)
      else refs(value, found)
    }
  }
  return found
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with an info object', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/)
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) })
    expect(Object.keys(doc.paths).every((p) => p.startsWith('/'))).toBe(true)
  })

  it('resolves every $ref inside the document', () => {
    const all = refs(doc)
    expect(all.length).toBeGreaterThan(100)
    expect([...new Set(all)].filter((ref) => at(ref) === undefined)).toEqual([])
  })

  it('declares every path parameter, and only those', () => {
    for (const { path, method, op } of operations) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      const declared = (op.parameters ?? []).map((p) => (p.$ref ? (at(p.$ref as string) as JsonSchema) : p)).filter((p) => p.in === 'path')
      expect(declared.map((p) => p.name).sort(), `${method} ${path}`).toEqual(inPath.sort())
      for (const p of declared) expect(p.required, `${method} ${path} {${p.name}}`).toBe(true)
    }
  })

  it('gives every parameter a name, a place and a schema', () => {
    for (const { path, op } of operations) {
      for (const p of (op.parameters ?? []).map((p) => (p.$ref ? (at(p.$ref as string) as JsonSchema) : p))) {
        expect(['query', 'header', 'path', 'cookie'], path).toContain(p.in)
        expect(p.name, path).toBeTypeOf('string')
        expect(p.schema, `${path} ${p.name}`).toBeTypeOf('object')
      }
    }
  })

  it('has unique operation ids, known tags and security schemes, and responses for each operation', () => {
    const ids = operations.map(({ op }) => op.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    const tags = new Set((doc.tags as Array<{ name: string }>).map((t) => t.name))
    const schemes = new Set(Object.keys(doc.components.securitySchemes as object))
    for (const { path, method, op } of operations) {
      for (const tag of op.tags as string[]) expect(tags, `${method} ${path}`).toContain(tag)
      for (const requirement of op.security as Array<Record<string, unknown>>) for (const name of Object.keys(requirement)) expect(schemes).toContain(name)
      expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0)
      for (const [status, response] of Object.entries(op.responses)) {
        expect(status, `${method} ${path}`).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/)
        expect((response.$ref ? at(response.$ref as string) : response) as JsonSchema, `${method} ${path} ${status}`).toHaveProperty('description')
      }
    }
  })

  it('names its components as OpenAPI allows', () => {
    for (const group of Object.values(doc.components) as Array<Record<string, unknown>>) {
      for (const name of Object.keys(group)) expect(name).toMatch(/^[a-zA-Z0-9._-]+$/)
    }
  })

  it("describes each branch of a union body by its own SDK type, not by another branch's field of the same name", () => {
    const body = at('#/paths/~1v1~1challenges/post/requestBody/content/application~1json/schema') as JsonSchema
    const [goal, bounty] = (body.oneOf as JsonSchema[]).map((b) => b.properties as Record<string, JsonSchema>)
    expect(goal!.startsAt!.description).toMatch(/window is \[startsAt, endsAt\)/)
    expect(goal!.description!.description).toBeUndefined()
    expect(bounty!.startsAt!.description).toMatch(/When submissions open/)
    expect(bounty!.description!.description).toBe('What to do and what proof to send')
  })

  it('describes the error body once, as the SDK declares it', () => {
    expect(doc.components.schemas.ApiErrorBody).toMatchObject({ type: 'object', required: ['error'] })
    const errors = operations.flatMap(({ op }) => Object.entries(op.responses).filter(([s]) => /^4/.test(s)).map(([, r]) => r))
    expect(errors.filter((r) => r.$ref === '#/components/responses/Error').length).toBeGreaterThan(300)
  })
})

describe('GET /v1/openapi.json', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('answers the document without a key', async () => {
    const res = await ctx.app.request('/v1/openapi.json')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(doc)))
  })

  it('answers the same bytes again, and is not mirrored on the console API', async () => {
    const first = await (await ctx.app.request('/v1/openapi.json')).text()
    expect(await (await ctx.app.request('/v1/openapi.json')).text()).toBe(first)
    expect((await ctx.app.request('/console/v1/openapi.json')).status).toBe(401)
  })

  // Tools (codegen, Swagger UI, Postman) call the API at the document's `servers`: this server's public URL
  // (AFFLIO_PUBLIC_URL) when set, else the origin the document was loaded from (`/` resolves against it).
  it('names its server: the public URL when configured, relative otherwise', async () => {
    const servers = async (app: TestContext['app']) => ((await (await app.request('/v1/openapi.json')).json()) as { servers: unknown }).servers
    expect(await servers(ctx.app)).toEqual([{ url: '/', description: expect.any(String) }])
    const behindProxy = createApp({ db: ctx.db, publicUrl: 'https://partners.example.com/afflio/' })
    expect(await servers(behindProxy)).toEqual([{ url: 'https://partners.example.com/afflio', description: expect.any(String) }])
    // Each app its own document: the first one built does not answer for another
    expect(await servers(ctx.app)).toEqual([{ url: '/', description: expect.any(String) }])
    expect(buildDocument(loadSdkSchema(), { publicUrl: 'https://api.example.com' }).servers).toEqual([{ url: 'https://api.example.com', description: expect.any(String) }])
  })

  it('the running server names AFFLIO_PUBLIC_URL', async () => {
    const server = await serve(ctx.db, readEnv({ PORT: '0', AFFLIO_PUBLIC_URL: 'https://partners.example.com' }))
    try {
      const doc = (await (await fetch(`http://127.0.0.1:${server.port}/v1/openapi.json`)).json()) as { servers: Array<{ url: string }> }
      expect(doc.servers.map((s) => s.url)).toEqual(['https://partners.example.com'])
    } finally {
      await server.close()
    }
  })
})

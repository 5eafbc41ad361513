// The committed outputs of `pnpm openapi` must match what it would write now: the SDK's types as JSON
// Schema, and the route reference in docs/api.md. Run `pnpm openapi` when one of these fails.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildDocument, loadSdkSchema } from './document.ts'
import { API_DOC_FILE, ROOT, SDK_SCHEMA_FILE, serializeSchema } from './generate.ts'
import { currentReference, renderReference } from './reference.ts'
import { buildSdkSchema } from './sdk-schema.ts'

describe('generated files (`pnpm openapi` rewrites them)', () => {
  it('sdk-types.schema.json is the SDK as it is now', () => {
    const committed = readFileSync(SDK_SCHEMA_FILE, 'utf8')
    expect(committed === serializeSchema(buildSdkSchema(ROOT)), 'sdk-types.schema.json is stale: run pnpm openapi').toBe(true)
  })

  it("docs/api.md's reference is the document's", () => {
    const reference = currentReference(readFileSync(API_DOC_FILE, 'utf8'))
    expect(reference, 'docs/api.md has no generated reference: run pnpm openapi').not.toBeNull()
    expect(reference === renderReference(buildDocument(loadSdkSchema())), "docs/api.md's reference is stale: run pnpm openapi").toBe(true)
  })
})

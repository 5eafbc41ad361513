// JSON Schema (draft 2020-12, as OpenAPI 3.1 uses) of every type the SDK exports: the API's
// response shapes and the SDK's request types. Generated from sdk/src/types.ts by
// ts-json-schema-generator, which writes draft-07; the few draft-07-only forms are rewritten here.
import { join } from 'node:path'
import { createGenerator } from 'ts-json-schema-generator'
import type { JsonSchema } from './json-schema.ts'

export interface SdkSchema {
  $schema: string
  $defs: Record<string, JsonSchema>
}

/** `Page<PortalLink>` is no valid component name (OpenAPI allows `[A-Za-z0-9._-]`): `Page_PortalLink`. */
export function componentName(typeName: string): string {
  return typeName.replace(/[<,]\s*/g, '_').replace(/[>\s]/g, '')
}

/** Runs the generator over the SDK's types; `root` is the repository. Takes a few seconds. */
export function buildSdkSchema(root: string): SdkSchema {
  const generator = createGenerator({
    path: join(root, 'sdk/src/types.ts'),
    tsconfig: join(root, 'tsconfig.json'),
    type: '*',
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    skipTypeCheck: true, // tsc checks the types; the generator only needs their shapes
  })
  const definitions = (generator.createSchema('*').definitions ?? {}) as Record<string, JsonSchema>
  const $defs: Record<string, JsonSchema> = {}
  for (const name of Object.keys(definitions).sort()) {
    const renamed = componentName(name)
    const schema = toDraft2020(definitions[name]) as Record<string, unknown>
    $defs[renamed] = renamed === name ? schema : { title: name, ...schema }
  }
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', $defs }
}

/** `#/definitions/X` refs become `#/$defs/X`; tuples' `items: [...]` become `prefixItems`. */
function toDraft2020(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft2020)
  if (node === null || typeof node !== 'object') return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
      out.$ref = `#/$defs/${componentName(decodeURIComponent(value.slice('#/definitions/'.length)))}`
    } else if (key === 'items' && Array.isArray(value)) {
      out.prefixItems = toDraft2020(value)
      // draft-07 allows any further items unless additionalItems says otherwise
      if ('additionalItems' in node) out.items = toDraft2020((node as { additionalItems: unknown }).additionalItems)
    } else if (key !== 'additionalItems') {
      out[key] = toDraft2020(value)
    }
  }
  return out
}

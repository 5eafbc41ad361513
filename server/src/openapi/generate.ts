// `pnpm openapi`: regenerates the SDK's types as JSON Schema (sdk-types.schema.json), then the route
// reference in docs/api.md from the document built on them. The tests fail while either is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildDocument } from './document.ts'
import { replaceReference } from './reference.ts'
import { buildSdkSchema } from './sdk-schema.ts'

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const SDK_SCHEMA_FILE = fileURLToPath(new URL('./sdk-types.schema.json', import.meta.url))
export const API_DOC_FILE = fileURLToPath(new URL('../../../docs/api.md', import.meta.url))

export const serializeSchema = (schema: unknown) => `${JSON.stringify(schema, null, 2)}\n`

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sdk = buildSdkSchema(ROOT)
  writeFileSync(SDK_SCHEMA_FILE, serializeSchema(sdk))
  writeFileSync(API_DOC_FILE, replaceReference(readFileSync(API_DOC_FILE, 'utf8'), buildDocument(sdk)))
  console.log(`Wrote ${SDK_SCHEMA_FILE} (${Object.keys(sdk.$defs).length} types) and the reference in ${API_DOC_FILE}`)
}

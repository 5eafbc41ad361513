import { z } from 'zod'

/** A JSON Schema object (draft 2020-12, the dialect of OpenAPI 3.1). */
export type JsonSchema = { [keyword: string]: unknown }

/**
 * What a request must look like: zod's own JSON Schema of a validator's input side, so the document
 * says what the route accepts before its transforms. Refinements (`superRefine`) have no JSON Schema
 * and are left to the descriptions.
 */
export function requestSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema
  return rest
}

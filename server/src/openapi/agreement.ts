// Does a validator take what the SDK's type describes? Both as JSON Schema, compared where it matters
// to a caller: the field names, which are required, and the allowed values where both sides list them,
// at every depth where both sides have objects (or arrays of them). Limits and patterns are the
// validator's business and are not compared.
import { z } from 'zod'
import { requestSchema, type JsonSchema } from './json-schema.ts'

type Defs = Record<string, JsonSchema>

const MAX_DEPTH = 8

/** The validator's input schema, and its output (what a defaulted field becomes): walked side by side. */
interface Validator {
  input: JsonSchema[]
  output: JsonSchema[]
}

/** The differences, one line each; empty when they agree. `partial`: the SDK sends `Partial<T>`. */
export function compareShapes(validator: z.ZodType, sdkType: JsonSchema, defs: Defs, partial = false): string[] {
  const problems: string[] = []
  // Transforms have no output schema: `any` there, and the comparison stops below them.
  const output = z.toJSONSchema(validator, { io: 'output', unrepresentable: 'any' }) as JsonSchema
  compareObjects({ input: [requestSchema(validator)], output: [output] }, [sdkType], defs, '', problems, 0, partial)
  return problems
}

function resolve(node: JsonSchema, defs: Defs): JsonSchema {
  if (typeof node.$ref !== 'string') return node
  const target = defs[node.$ref.split('/').pop()!]
  if (!target) throw new Error(`Unresolved $ref ${node.$ref}`)
  return resolve(target, defs)
}

/** A schema's alternatives, unions flattened and refs followed. */
function branches(nodes: JsonSchema[], defs: Defs): JsonSchema[] {
  return nodes.flatMap((node) => {
    const at = resolve(node, defs)
    const union = (at.anyOf ?? at.oneOf) as JsonSchema[] | undefined
    return union ? branches(union, defs) : [at]
  })
}

/** A field present but forbidden (`never`, `{ not: {} }`) is, to a caller, absent. */
const forbidden = (s: JsonSchema) => typeof s.not === 'object' && s.not !== null && Object.keys(s.not).length === 0

/** Fields of every object alternative; required only when every alternative requires it. */
function objectShape(nodes: JsonSchema[], defs: Defs) {
  const objects = branches(nodes, defs).filter((b) => b.properties)
  if (!objects.length) return null
  const props = new Map<string, JsonSchema[]>()
  for (const object of objects) {
    for (const [name, schema] of Object.entries(object.properties as Record<string, JsonSchema>)) {
      if (!forbidden(schema)) props.set(name, [...(props.get(name) ?? []), schema])
    }
  }
  const requiredBy = objects.map((object) => new Set((object.required ?? []) as string[]))
  const required = new Set([...props.keys()].filter((name) => requiredBy.every((names) => names.has(name))))
  return { props, required }
}

/** Every value allowed, when the schema lists them all (consts and enums, null aside); else null. */
function literals(nodes: JsonSchema[], defs: Defs): Set<string> | null {
  const values = new Set<string>()
  for (const branch of branches(nodes, defs)) {
    if (branch.type === 'null') continue
    if ('const' in branch) values.add(JSON.stringify(branch.const))
    else if (Array.isArray(branch.enum)) for (const v of branch.enum) if (v !== null) values.add(JSON.stringify(v)) // null-ability is not compared
    else return null
  }
  return values.size ? values : null
}

/** The item schemas of every array alternative (tuples' positions included). */
function arrayItems(nodes: JsonSchema[], defs: Defs): JsonSchema[] {
  return branches(nodes, defs).flatMap((b) => [
    ...(b.items && typeof b.items === 'object' ? [b.items as JsonSchema] : []),
    ...((b.prefixItems ?? []) as JsonSchema[]),
  ])
}

function compareObjects(validator: Validator, sdk: JsonSchema[], defs: Defs, path: string, problems: string[], depth: number, partial = false) {
  const a = objectShape(validator.input, defs)
  const b = objectShape(sdk, defs)
  if (!a || !b) {
    if (depth === 0) problems.push(`${path || '(body)'}: ${a ? 'the SDK type' : 'the validator'} is not an object`)
    return
  }
  const out = objectShape(validator.output, defs)
  const at = (name: string) => (path ? `${path}.${name}` : name)
  for (const name of a.props.keys()) if (!b.props.has(name)) problems.push(`${at(name)}: the validator takes it, the SDK type has no such field`)
  for (const name of b.props.keys()) if (!a.props.has(name)) problems.push(`${at(name)}: the SDK type has it, the validator refuses it`)
  if (!partial) {
    for (const name of a.required) if (!b.required.has(name)) problems.push(`${at(name)}: required by the validator, optional in the SDK type`)
    // A field the validator defaults is required in its output, which the SDK type (an output too) may say.
    for (const name of b.required) {
      if (!a.required.has(name) && a.props.has(name) && !out?.required.has(name)) problems.push(`${at(name)}: required in the SDK type, optional for the validator`)
    }
  }
  for (const [name, schemas] of a.props) {
    const other = b.props.get(name)
    if (other) compareValues({ input: schemas, output: out?.props.get(name) ?? [] }, other, defs, at(name), problems, depth + 1)
  }
}

function compareValues(validator: Validator, sdk: JsonSchema[], defs: Defs, path: string, problems: string[], depth: number) {
  if (depth > MAX_DEPTH) return
  const a = literals(validator.input, defs)
  const b = literals(sdk, defs)
  if (a && b) {
    const onlyA = [...a].filter((v) => !b.has(v))
    const onlyB = [...b].filter((v) => !a.has(v))
    if (onlyA.length) problems.push(`${path}: the validator takes ${onlyA.join(', ')}, the SDK type does not`)
    if (onlyB.length) problems.push(`${path}: the SDK type allows ${onlyB.join(', ')}, the validator refuses it`)
  }
  compareObjects(validator, sdk, defs, path, problems, depth)
  const items = { input: arrayItems(validator.input, defs), output: arrayItems(validator.output, defs) }
  const itemsB = arrayItems(sdk, defs)
  if (items.input.length && itemsB.length) compareValues(items, itemsB, defs, `${path}[]`, problems, depth + 1)
}

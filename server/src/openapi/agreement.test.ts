// The SDK's request types and the server's validators describe the same requests: a field one side
// has and the other lacks, a required field the other leaves optional, or an enum value only one side
// knows fails here, naming the operation and the field.
import { describe, expect, it } from 'vitest'
import { partnersSchemas as partners } from '../partners/index.ts'
import { compareShapes } from './agreement.ts'
import { loadSdkSchema } from './document.ts'
import { operations } from './operations.ts'
import { componentName } from './sdk-schema.ts'

const { $defs } = loadSdkSchema()
const sdkType = (name: string) => ({ $ref: `#/$defs/${componentName(name)}` })

const bodies = operations.filter((op) => op.body && op.sdkBody).map((op) => [`${op.id} body ${op.sdkBody}`, op] as const)
const queries = operations.filter((op) => op.query && op.sdkQuery).map((op) => [`${op.id} query ${op.sdkQuery}`, op] as const)

describe('SDK request types and validators', () => {
  it('names only SDK types that exist, and only beside a validator', () => {
    for (const op of operations) {
      if (op.sdkBody) expect($defs[componentName(op.sdkBody)], `${op.id}: ${op.sdkBody}`).toBeDefined()
      if (op.sdkQuery) expect($defs[componentName(op.sdkQuery)], `${op.id}: ${op.sdkQuery}`).toBeDefined()
      if (op.sdkBody) expect(op.body, op.id).toBeDefined()
      if (op.sdkQuery) expect(op.query, op.id).toBeDefined()
    }
    expect(bodies.length).toBeGreaterThan(40)
    expect(queries.length).toBeGreaterThan(20)
  })

  it.each(bodies)('%s', (_, op) => {
    expect(compareShapes(op.body!, sdkType(op.sdkBody!), $defs, op.sdkBodyPartial)).toEqual([])
  })

  it.each(queries)('%s', (_, op) => {
    expect(compareShapes(op.query!, sdkType(op.sdkQuery!), $defs)).toEqual([])
  })

  it('reports fields, required fields and enum values that differ', () => {
    expect(compareShapes(partners.createPartner, sdkType('UpdatePartnerInput'), $defs)).toEqual(
      expect.arrayContaining([
        'email: the validator takes it, the SDK type has no such field',
        'groupId: the SDK type has it, the validator refuses it',
        'email: required by the validator, optional in the SDK type',
      ]),
    )
    expect(compareShapes(partners.listPartners, sdkType('ListCommissionsQuery'), $defs)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^status: the validator takes "active"/), expect.stringMatching(/^status: the SDK type allows "pending"|^status: the SDK type allows .*"paid"/)]),
    )
    expect(compareShapes(operations.find((op) => op.id === 'track.refund')!.body!, sdkType('TrackRefundInput'), $defs)).toEqual([])
  })
})

// @vitest-environment node
// Apps that compile with `exactOptionalPropertyTypes` (as @tsconfig/strictest does) can call the SDK the way the
// docs do, `clickId: getClickId(cookie) ?? undefined`: every optional field of a request type (each exported
// `…Input`, `…Query` and `…Options`) takes `undefined` as absent. The repo's own tsconfig leaves the flag off,
// so this compiles a consumer with it on.
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const here = fileURLToPath(new URL('.', import.meta.url))
const consumer = `${here}__exact-consumer.ts`

const options: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  skipLibCheck: true,
  noErrorTruncation: true,
}

/** tsc's errors in `source`, compiled as a file of sdk/src with `exactOptionalPropertyTypes` on. */
function errorsOf(source: string): string[] {
  const host = ts.createCompilerHost(options)
  const read = host.getSourceFile.bind(host)
  host.getSourceFile = (name, version, ...rest) => (name === consumer ? ts.createSourceFile(name, source, version) : read(name, version, ...rest))
  const program = ts.createProgram([consumer], options, host)
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(consumer))
    .map((d) => `${d.start === undefined ? '' : `line ${d.file!.getLineAndCharacterOfPosition(d.start).line + 1}: `}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
}

/** The request types `@afflio/sdk` exports. */
function requestTypes(): string[] {
  const program = ts.createProgram([`${here}index.ts`], options)
  const checker = program.getTypeChecker()
  const index = checker.getSymbolAtLocation(program.getSourceFile(`${here}index.ts`)!)!
  return checker
    .getExportsOfModule(index)
    .filter((s) => /(Input|Query|Options)$/.test(s.name) && (((s.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Type) !== 0)
    .map((s) => s.name)
}

describe('request types under exactOptionalPropertyTypes', () => {
  it('take undefined in every optional field', () => {
    const names = requestTypes()
    expect(names.length).toBeGreaterThan(80)
    // Generic types are checked at one instance; the rest by name.
    const at = (name: string) => (name === 'TokenRefresherOptions' ? `${name}<unknown>` : name)
    const source = [
      `import type { ${names.join(', ')} } from './index.ts'`,
      'type OptionalKeys<T> = T extends unknown ? { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T] : never',
      // A field typed `?: never` marks one that must stay absent (one of two exclusive fields): not a refusal.
      'type Refusing<T> = T extends unknown ? { [K in OptionalKeys<T>]-?: [Exclude<T[K], undefined>] extends [never] ? never : { [P in K]: undefined } extends Pick<T, K> ? never : K }[OptionalKeys<T>] : never',
      // Nested inputs too (a rule's conditions, a tier, a checklist step, a form field, a segment's filter):
      // each refusing field named by its path. Functions and built-ins (AbortSignal, fetch) are not inputs.
      'type Prev = [never, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]',
      'type Leaf = string | number | boolean | bigint | symbol | null | undefined | Function | AbortSignal | Date | Blob | Uint8Array',
      'type Deep<T, D extends number = 7> = [D] extends [never] ? never : T extends Leaf ? never : T extends readonly (infer E)[] ? Deep<E, Prev[D]> : T extends object ? Refusing<T> | { [K in keyof T & string]-?: `${K}.${Deep<Exclude<T[K], undefined>, Prev[D]> & string}` }[keyof T & string] : never',
      ...names.map((name) => `export const ${name}Ok: [Deep<${at(name)}>] extends [never] ? true : { refuses: Deep<${at(name)}> } = true`),
      // And whatever else a client's method takes (a segment's definition, payout details), by the method's path.
      `import type { Afflio, AfflioPortal } from './index.ts'`,
      `import type { getApplicationForm, listMarketplace, submitApplication } from './public.ts'`,
      'type Calls<T> = { [K in keyof T]: T[K] extends (...args: infer P) => unknown ? P : T[K] extends object ? Calls<T[K]> : never }',
      'type Public = { getApplicationForm: typeof getApplicationForm; listMarketplace: typeof listMarketplace; submitApplication: typeof submitApplication }',
      ...['Afflio', 'AfflioPortal', 'Public'].map((client) => `export const ${client}CallsOk: [Deep<Calls<${client}>, 10>] extends [never] ? true : { refuses: Deep<Calls<${client}>, 10> } = true`),
    ].join('\n')
    expect(errorsOf(source)).toEqual([])
  }, 60_000)

  it('compile the docs’ calls that pass `?? undefined`', () => {
    const source = `
      import { Afflio } from './index.ts'
      import { checkoutReferenceId, getClickId } from './browser.ts'
      declare const cookie: string | undefined
      declare const form: { afflio_click: string }
      declare const session: { client_reference_id: string | null }
      declare const partnerId: string | null
      const afflio = new Afflio({ secretKey: 'sk_test', baseUrl: 'http://localhost:8787', timeoutMs: undefined })
      export const lead = afflio.track.lead({ customerExternalId: 'user_1', clickId: form.afflio_click || getClickId(cookie) || undefined })
      export const sale = afflio.track.sale(
        { invoiceId: 'in_1', amountMinor: 4900, currency: 'USD', clickId: session.client_reference_id ?? undefined },
        { idempotencyKey: undefined, signal: undefined },
      )
      export const checkout = afflio.track.sale({ invoiceId: 'in_2', amountMinor: 4900, currency: 'USD', clickId: checkoutReferenceId(cookie) })
      export const page = afflio.commissions.list({ partnerId: partnerId ?? undefined, cursor: undefined })
      export const rule = afflio.rules.update('rul_1', { value: 2500, partnerId: undefined })
      export const settings = afflio.settings.update({ holdingDays: undefined, fraudRules: { bot: undefined } })
    `
    expect(errorsOf(source)).toEqual([])
  }, 60_000)
})

// Every entry point of both packages, as a TypeScript user in a browser + server app writes it. Must
// type-check (strict, no skipLibCheck) against the installed .d.ts files.
import { Afflio, AfflioApiError, isCurrency, type TrackSaleInput } from '@afflio/sdk'
import { checkoutReferenceId, getClickId } from '@afflio/sdk/browser'
import { AfflioPortal } from '@afflio/sdk/portal'
import type { Customer, TrackSaleResult } from '@afflio/sdk/types'
import { mount, mountApply, type MountOptions } from '@afflio/widget'
import '@afflio/widget/apply'
import { mountConsole } from '@afflio/widget/console'
import '@afflio/widget/console/element'
import { AfflioPortalElement } from '@afflio/widget/element'

const afflio = new Afflio({ secretKey: 'sk_test', baseUrl: 'https://affiliates.example.com' })
const input: TrackSaleInput = { invoiceId: 'in_1', amountMinor: 4999, currency: 'USD', clickId: checkoutReferenceId('') }
export const lead: Promise<Customer> = afflio.track.lead({ customerExternalId: 'user_1' })
// As the docs write it; compiles under exactOptionalPropertyTypes too.
export const byCookie: Promise<Customer> = afflio.track.lead({ customerExternalId: 'user_2', clickId: getClickId() ?? undefined })
export const sale: Promise<TrackSaleResult> = afflio.track.sale(input, { idempotencyKey: 'sale-in_1' })
export const portalClient = new AfflioPortal({ token: 'et_test', baseUrl: 'https://affiliates.example.com' })
export const failed = (e: unknown): number | null => (e instanceof AfflioApiError ? e.status : null)
export const click: string | null = getClickId()
export const usd: boolean = isCurrency('USD')

const options: MountOptions = { token: 'et_test', baseUrl: 'https://affiliates.example.com' }
export const portal = mount(document.body, options)
portal.unmount()
export const apply = mountApply
export const console_ = mountConsole
// The element entry declares the tag for document.createElement.
export const element: AfflioPortalElement = document.createElement('afflio-portal')

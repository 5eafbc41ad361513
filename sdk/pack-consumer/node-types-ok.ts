// A Node-only TypeScript project (@types/node, no DOM lib) using the server client: must type-check.
import { Afflio, verifyAfflioSignature } from '@afflio/sdk'
import { checkoutReferenceId } from '@afflio/sdk/browser'
import type { Customer } from '@afflio/sdk/types'

const afflio = new Afflio({ secretKey: process.env.AFFLIO_SECRET_KEY!, baseUrl: 'https://affiliates.example.com', fetch })
export const lead: Promise<Customer> = afflio.track.lead({ customerExternalId: 'user_1', clickId: checkoutReferenceId(process.env.COOKIE) })
export const verified: Promise<boolean> = verifyAfflioSignature('{}', null, 'whsec_test')

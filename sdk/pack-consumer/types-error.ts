// Must NOT type-check: each marked line is wrong, so real types (not `any`) reached the consumer.
import { Afflio } from '@afflio/sdk'
import { mount } from '@afflio/widget'

const afflio = new Afflio({ secretKey: 'sk_test', baseUrl: 'https://affiliates.example.com' })
void afflio.track.sale({ invoiceId: 42, amountMinor: 4999, currency: 'USD' }) // error: invoiceId is a string
mount(document.body, { token: 'et_test' }) // error: baseUrl is missing

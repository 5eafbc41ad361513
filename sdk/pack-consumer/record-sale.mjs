// Plain Node, no TypeScript, no loader: the SDK as `npm install @afflio/sdk` users run it. Records a
// partner, their link's click, a lead and a sale on the server at AFFLIO_URL; prints the results.
import { Afflio } from '@afflio/sdk'

const { AFFLIO_URL: baseUrl, AFFLIO_SECRET_KEY: secretKey, AFFLIO_PUBLISHABLE_KEY: key } = process.env
const afflio = new Afflio({ secretKey, baseUrl, maxRetries: 0 })

const partner = await afflio.partners.create({ email: 'ana@example.com', name: 'Ana', linkCode: 'ANA' })
// The click as the tracking script sends it from the visitor's browser (there is no SDK method for it).
const res = await fetch(new URL('/v1/track/click', baseUrl), {
  method: 'POST',
  headers: { 'content-type': 'text/plain', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' },
  body: JSON.stringify({ key, code: 'ANA', url: 'https://shop.example/?ref=ANA' }),
})
const { clickId } = await res.json()
const customer = await afflio.track.lead({ clickId, customerExternalId: 'user_1', email: 'bob@example.com' })
const { sale, commission } = await afflio.track.sale({ invoiceId: 'in_1', amountMinor: 4999, currency: 'USD', customerExternalId: 'user_1' })

console.log(JSON.stringify({ partnerId: partner.id, customer, sale, commission }))

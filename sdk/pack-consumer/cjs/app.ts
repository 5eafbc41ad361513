// A CommonJS TypeScript app (compiled by tsc to require() calls): loads the ES-module SDK on Node 20.19+.
import { Afflio, AfflioError } from '@afflio/sdk'
import { getClickId } from '@afflio/sdk/browser'

const afflio = new Afflio({ secretKey: 'sk_test', baseUrl: 'https://affiliates.example.com' })
console.log(typeof afflio.track.sale, new AfflioError('x').name, getClickId('afflio_click=clk_1.ALICE'))

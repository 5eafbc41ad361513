// `GET /v1/openapi.json`: the document, public (it describes the API, not a program's data) and
// CORS-open so API tools in the browser can load it. Built on an app's first request, then kept.
import { Hono } from 'hono'
import type { AppEnv } from '../kernel/http/env.ts'
import { buildDocument, loadSdkSchema } from './document.ts'

export function openapiRoutes(publicUrl?: string) {
  let cached: string | null = null
  return new Hono<AppEnv>().get('/openapi.json', (c) => {
    cached ??= JSON.stringify(buildDocument(loadSdkSchema(), { publicUrl }))
    return c.body(cached, 200, { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*' })
  })
}

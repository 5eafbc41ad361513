import { describe, expect, it } from 'vitest'
import { AfflioApiError, AfflioNetworkError } from './errors.ts'
import { getApplicationForm, listMarketplace, submitApplication } from './public.ts'

function recorder(answer: () => Response | Promise<Response>) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push({ url: String(input), init })
    return answer()
  }
  return { calls, fetch }
}

describe('the public recruitment helpers', () => {
  it('post a submission as JSON without any key', async () => {
    const { calls, fetch } = recorder(() => new Response(JSON.stringify({ id: 'app_1', status: 'pending' }), { status: 201 }))
    const result = await submitApplication('https://aff.test/base/', 'acme', { email: 'a@b.test', answers: { terms: true } }, { fetch })
    expect(result).toEqual({ id: 'app_1', status: 'pending' })
    expect(calls[0]!.url).toBe('https://aff.test/base/v1/programs/acme/applications')
    expect(calls[0]!.init).toMatchObject({ method: 'POST', body: '{"email":"a@b.test","answers":{"terms":true}}' })
    expect(JSON.stringify(calls[0]!.init?.headers)).not.toMatch(/authorization/i)
  })

  it('encode the slug and the directory query', async () => {
    const { calls, fetch } = recorder(() => new Response('{"data":[],"nextCursor":null}'))
    await getApplicationForm('https://aff.test', 'a/b', { fetch })
    await listMarketplace('https://aff.test', { category: 'saas', q: 'a&b', cursor: undefined }, { fetch })
    await listMarketplace('https://aff.test', {}, { fetch })
    expect(calls.map((c) => c.url)).toEqual([
      'https://aff.test/v1/programs/a%2Fb/application-form',
      'https://aff.test/v1/marketplace?category=saas&q=a%26b',
      'https://aff.test/v1/marketplace',
    ])
  })

  it("throw the server's error with its code and field", async () => {
    const { fetch } = recorder(() => new Response(JSON.stringify({ error: { code: 'invalid_request', message: 'answers.site: is required', field: 'answers.site' } }), { status: 400 }))
    const err = await submitApplication('https://aff.test', 'acme', { email: 'a@b.test' }, { fetch }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AfflioApiError)
    expect(err).toMatchObject({ status: 400, code: 'invalid_request', field: 'answers.site' })
  })

  it('name a non-JSON failure by its status, and a failed fetch as a network error', async () => {
    const proxy = recorder(() => new Response('<html>Bad gateway</html>', { status: 502 }))
    expect(await getApplicationForm('https://aff.test', 'acme', { fetch: proxy.fetch }).catch((e: unknown) => e)).toMatchObject({ status: 502, code: 'internal' })
    const down = recorder(() => Promise.reject(new TypeError('Failed to fetch')))
    expect(await getApplicationForm('https://aff.test', 'acme', { fetch: down.fetch }).catch((e: unknown) => e)).toBeInstanceOf(AfflioNetworkError)
  })
})

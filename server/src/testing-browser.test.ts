// The servers the browser tests drive run on the test clock, which stands still or goes back: their
// failed-credential throttle must never run dry, or one test's failures would refuse the next test's
// valid tokens (testing-browser.ts's BROWSER_AUTH_THROTTLE).
import { expect, it } from 'vitest'
import { AUTH_FAILURE_BURST } from './kernel/http/auth-throttle.ts'
import { randomToken } from './kernel/ids.ts'
import { createTestContext } from './testing.ts'
import { BROWSER_AUTH_THROTTLE } from './testing-browser.ts'

it('a browser test server takes a valid token after any number of failed ones from the same address, its clock set back', async () => {
  const ctx = await createTestContext({ authThrottle: BROWSER_AUTH_THROTTLE })
  try {
    const { secretKey } = await ctx.createProgram()
    const minted = await ctx.app.request('/v1/console-tokens', {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ manager: 'dana@acme.test' }),
    })
    const { token } = (await minted.json()) as { token: string }
    const program = (t: string) => ctx.app.request('/console/v1/program', { headers: { authorization: `Bearer ${t}` } })
    // A test's pages retrying a token the server no longer knows, at a later hour; then the clock goes back.
    ctx.clock.set('2026-11-01T14:00:00Z')
    for (let n = 0; n < 3 * AUTH_FAILURE_BURST; n++) expect((await program(`ct_${randomToken(32)}`)).status).toBe(401)
    ctx.clock.set('2026-11-01T12:00:00Z')
    expect((await program(token)).status).toBe(200)
  } finally {
    await ctx.close()
  }
})

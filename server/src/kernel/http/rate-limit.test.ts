import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { clientIp, networkOf } from './rate-limit.ts'

describe('networkOf: what per-address limits count', () => {
  it('keeps an IPv4 address, takes an IPv6 address to its /64 in one spelling, and a mapped address to its IPv4', () => {
    expect(networkOf('192.0.2.7')).toBe('192.0.2.7')
    for (const same of ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:DB8:1:2:0:0:0:9', '2001:db8:1:2::1.2.3.4', 'fe80::1%eth0'.replace('fe80::1', '2001:db8:1:2::5')]) {
      expect(networkOf(same), same).toBe('2001:db8:1:2::/64')
    }
    expect(networkOf('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64')
    expect(networkOf('::1')).toBe('0:0:0:0::/64')
    expect(networkOf('2001:db8::')).toBe('2001:db8:0:0::/64')
    expect(networkOf('::ffff:198.51.100.4')).toBe('198.51.100.4')
    expect(networkOf('unknown')).toBe('unknown')
  })
})

describe('clientIp: the address a request came from', () => {
  const seen = async (trustProxy: boolean | number, forwardedFor?: string) => {
    const app = new Hono().get('/', (c) => c.text(clientIp(c, trustProxy)))
    return (await app.request('/', { headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } })).text()
  }

  it('takes the entry the proxies in front wrote, never one the client put before them', async () => {
    // One proxy replacing the header, or appending to what the client sent: its own entry is the last.
    expect(await seen(true, '198.51.100.7')).toBe('198.51.100.7')
    expect(await seen(true, '10.9.9.9, 198.51.100.7')).toBe('198.51.100.7')
    expect(await seen(1, ' 1.2.3.4 ,10.9.9.9,198.51.100.7 ')).toBe('198.51.100.7')
    // A CDN, then a load balancer: the CDN's entry, the client's address as it reached the CDN, is second from the end.
    expect(await seen(2, '10.9.9.9, 198.51.100.7, 203.0.113.5')).toBe('198.51.100.7')
    expect(await seen(2, '198.51.100.7')).toBe('198.51.100.7')
    // Fewer entries than proxies: the first may be the client's own; the last is the nearest proxy's
    expect(await seen(3, 'forged, 10.0.0.1')).toBe('10.0.0.1')
    // Not trusted: the header is the client's own words, and the peer is the address (none under app.request).
    expect(await seen(false, '198.51.100.7')).toBe('unknown')
    expect(await seen(0, '198.51.100.7')).toBe('unknown')
    expect(await seen(true)).toBe('unknown')
  })
})

import { describe, expect, it } from 'vitest'
import { networkOf } from './rate-limit.ts'

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

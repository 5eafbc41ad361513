// Where a webhook may go. A program's manager names the URL, and the server sends to it from inside the
// operator's network: without a check, an endpoint at 127.0.0.1, 10.x or 169.254.169.254 turns the
// deliverer into a probe of internal services, whose error answers the delivery log shows back. So every
// address a delivery would connect to must be public, checked on the address actually connected to (after
// DNS, so a name that resolves inward, or re-resolves inward later, is refused too), unless the operator
// allows its network (AFFLIO_WEBHOOK_ALLOWED_NETWORKS: a receiver on the same host, tests, benches).
import { BlockList, isIP } from 'node:net'

/**
 * Loopback, private, link-local, shared, documentation, benchmark, multicast and reserved ranges (RFC 6890).
 * The IPv6 ranges that carry an IPv4 address are refused whole: IPv4-compatible (::/96, deprecated, with
 * :: and ::1 in it; `[::127.0.0.1]` is 127.0.0.1 to a stack that still maps it), IPv4-translated
 * (::ffff:0:0:0/96), NAT64 (64:ff9b::/96, 64:ff9b:1::/48) and 6to4 (2002::/16). IPv4-mapped addresses
 * (::ffff:0:0/96) are checked as the IPv4 address they carry: BlockList does that itself.
 */
const RESERVED: ReadonlyArray<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.88.99.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 96, 'ipv6'],
  ['::ffff:0:0:0', 96, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001::', 23, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
]

const reserved = new BlockList()
for (const [net, prefix, family] of RESERVED) reserved.addSubnet(net, prefix, family)

/** A list of CIDRs (`127.0.0.0/8`, `::1/128`) as a BlockList; throws on one that is not. */
export function networks(cidrs: readonly string[]): BlockList {
  const list = new BlockList()
  for (const cidr of cidrs) {
    const [net = '', bits = ''] = cidr.split('/')
    const family = isIP(net)
    const prefix = Number(bits)
    if (!family || !/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new Error(`Not a network in CIDR notation: ${cidr}`)
    list.addSubnet(net, prefix, family === 4 ? 'ipv4' : 'ipv6')
  }
  return list
}

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4')

/** Whether a delivery may connect to `address` (an IP): public, or in a network the operator allowed. */
export function mayConnect(address: string, allowed: BlockList | null): boolean {
  const family = familyOf(address)
  // BlockList matches an IPv4-mapped IPv6 address (::ffff:127.0.0.1) against the IPv4 ranges too.
  return !reserved.check(address, family) || (allowed?.check(address, family) ?? false)
}

/**
 * Whether the URL's host, as written, may be reached: an IP literal (Node looks none up) must be allowed,
 * and `localhost` (RFC 6761: only ever this machine, resolved without DNS) only where loopback is. A name
 * is checked again on the addresses it resolves to (send.ts).
 */
export function hostMayBeReached(url: URL, allowed: BlockList | null): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (isIP(host)) return mayConnect(host, allowed)
  return !/(^|\.)localhost\.?$/i.test(host) || mayConnect('127.0.0.1', allowed)
}

/** Why a webhook URL cannot be an endpoint, or null. */
export function refusedDestination(url: string, allowed: BlockList | null): string | null {
  if (hostMayBeReached(new URL(url), allowed)) return null
  return 'must be a public address: private, loopback and link-local hosts are refused (an operator can allow a network with AFFLIO_WEBHOOK_ALLOWED_NETWORKS)'
}

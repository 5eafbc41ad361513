// A partner's social profiles: what a partner types (a handle, `@jane`, or a profile URL) becomes one
// canonical profile URL per network, or a reason in words. Pure: values in, values out.
import type { SocialNetwork } from '@afflio/sdk/types'

interface Network {
  /** the profile URL of a handle */
  profile: (handle: string) => string
  /** what a handle may be on this network */
  handle: RegExp
  /** hosts whose URLs are this network's profiles (www. is ignored) */
  hosts: string[]
  /** the handle in a URL's path, or null when the path is not a profile */
  fromPath: (path: string) => string | null
  words: string
}

const firstSegment = (at: RegExp) => (path: string) => at.exec(path)?.[1] ?? null

export const NETWORKS: Record<SocialNetwork, Network> = {
  x: { profile: (h) => `https://x.com/${h}`, handle: /^[A-Za-z0-9_]{1,15}$/, hosts: ['x.com', 'twitter.com'], fromPath: firstSegment(/^\/@?([^/]+)\/?$/), words: 'X' },
  instagram: { profile: (h) => `https://www.instagram.com/${h}`, handle: /^[A-Za-z0-9._]{1,30}$/, hosts: ['instagram.com'], fromPath: firstSegment(/^\/@?([^/]+)\/?$/), words: 'Instagram' },
  youtube: {
    profile: (h) => (h.includes('/') ? `https://www.youtube.com/${h}` : `https://www.youtube.com/@${h}`),
    // a handle, or a channel path (channel/UC…, c/name, user/name) taken from a URL
    handle: /^([A-Za-z0-9._-]{3,30}|(channel|c|user)\/[A-Za-z0-9_-]{1,100})$/,
    hosts: ['youtube.com', 'm.youtube.com'],
    fromPath: (path) => /^\/@([^/]+)\/?$/.exec(path)?.[1] ?? /^\/((?:channel|c|user)\/[^/]+)\/?$/.exec(path)?.[1] ?? null,
    words: 'YouTube',
  },
  tiktok: { profile: (h) => `https://www.tiktok.com/@${h}`, handle: /^[A-Za-z0-9._]{2,24}$/, hosts: ['tiktok.com'], fromPath: firstSegment(/^\/@([^/]+)\/?$/), words: 'TikTok' },
  linkedin: {
    profile: (h) => `https://www.linkedin.com/${h.includes('/') ? h : `in/${h}`}`,
    handle: /^((in|company)\/)?[A-Za-z0-9_-]{3,100}$/,
    hosts: ['linkedin.com'],
    fromPath: firstSegment(/^\/((?:in|company)\/[^/]+)\/?$/),
    words: 'LinkedIn',
  },
}

export type SocialCheck = { ok: true; url: string } | { ok: false; message: string }

/**
 * The canonical profile URL of what a partner typed for a network, or why it is not one.
 *
 * @example
 * socialProfile('x', '@jane_doe')                          // { ok: true, url: 'https://x.com/jane_doe' }
 * socialProfile('x', 'https://twitter.com/jane_doe?s=20')  // { ok: true, url: 'https://x.com/jane_doe' }
 * socialProfile('instagram', 'https://x.com/jane')         // { ok: false, message: 'is not an address on Instagram (instagram.com)' }
 */
export function socialProfile(network: SocialNetwork, typed: string): SocialCheck {
  const n = NETWORKS[network]
  const value = typed.trim()
  let handle: string | null
  if (/^https?:\/\//i.test(value) || /^(www\.)?[a-z.]+\.com\//i.test(value)) {
    let url: URL
    try {
      url = new URL(/^https?:\/\//i.test(value) ? value : `https://${value}`)
    } catch {
      return { ok: false, message: 'is not a valid address' }
    }
    if (!n.hosts.includes(url.hostname.toLowerCase().replace(/^www\./, ''))) return { ok: false, message: `is not an address on ${n.words} (${n.hosts[0]})` }
    handle = n.fromPath(url.pathname)
    if (handle === null) return { ok: false, message: `is not a profile on ${n.words}` }
  } else {
    handle = value.replace(/^@/, '')
  }
  if (!n.handle.test(handle)) return { ok: false, message: `is not a valid handle on ${n.words}` }
  return { ok: true, url: n.profile(handle) }
}

import { describe, expect, it } from 'vitest'
import { canonicalSiteUrl, isLoopbackHost, siteUrlProblem, webUrlProblem } from './web-url.ts'

describe('web URLs a program gives', () => {
  it('takes https anywhere, http only on this machine', () => {
    expect(webUrlProblem('https://acme.example/pricing?plan=pro#x')).toBeNull()
    expect(webUrlProblem('http://localhost:5173/')).toBeNull()
    expect(webUrlProblem('http://127.0.0.1:8080')).toBeNull()
    expect(webUrlProblem('http://[::1]:3000/')).toBeNull()
    expect(webUrlProblem('http://shop.localhost/')).toBeNull()
    expect(webUrlProblem('http://acme.example/')).toBe('must be an https URL (http only on localhost)')
    for (const bad of ['javascript:alert(1)', 'ftp://acme.example/', 'acme.example', '//acme.example/', 'not a url', 'data:text/html,hi']) {
      expect(webUrlProblem(bad)).toBe('must be an https URL, such as https://acme.example/pricing')
    }
    expect(webUrlProblem('https://me:secret@acme.example/')).toBe('must not hold a user name or password')
    expect(isLoopbackHost('localhost.evil.example')).toBe(false)
    expect(isLoopbackHost('127.0.0.1.evil.example')).toBe(false)
  })

  it('takes a site as an origin with at most a path, in one spelling', () => {
    expect(siteUrlProblem('https://acme.example')).toBeNull()
    expect(siteUrlProblem('https://acme.example/shop/')).toBeNull()
    expect(siteUrlProblem('https://acme.example/?lang=en')).toBe('must have no query (?…) or fragment (#…)')
    expect(siteUrlProblem('https://acme.example/#top')).toBe('must have no query (?…) or fragment (#…)')
    expect(siteUrlProblem('https://acme.example/?')).toBe('must have no query (?…) or fragment (#…)')
    expect(siteUrlProblem('http://acme.example')).toBe('must be an https URL (http only on localhost)')
    expect(canonicalSiteUrl('HTTPS://Acme.Example:443/')).toBe('https://acme.example')
    expect(canonicalSiteUrl('https://acme.example/shop/')).toBe('https://acme.example/shop/')
    expect(canonicalSiteUrl('http://localhost:5173')).toBe('http://localhost:5173')
  })
})

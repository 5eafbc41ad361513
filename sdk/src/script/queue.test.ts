import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { install, later, type Afflio } from './queue'

const w = window as unknown as { afflio?: Afflio }

/** Runs the inline stub exactly as users paste it from sdk/snippet.html, in the page's global scope. */
function pasteStub() {
  const html = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../snippet.html'), 'utf8')
  const inline = html.match(/<script>([^<]+)<\/script>/)
  if (!inline) throw new Error('no inline stub in snippet.html')
  ;(0, eval)(inline[1]!)
}

afterEach(() => {
  delete w.afflio
})

describe('install', () => {
  test('replays the calls queued by the snippet stub, in order, with their arguments', () => {
    pasteStub()
    const fn = () => {}
    w.afflio!('ready', fn)
    w.afflio!('lead', { customerExternalId: 'u1' })
    w.afflio!('referral')
    expect(w.afflio!.q).toHaveLength(3)

    const seen: [string, unknown[]][] = []
    install(w, (command, args) => {
      seen.push([command, args])
    })
    expect(seen).toEqual([
      ['ready', [fn]],
      ['lead', [{ customerExternalId: 'u1' }]],
      ['referral', []],
    ])
  })

  test('the stub keeps working if pasted twice, and leaves no queue on the real function', () => {
    pasteStub()
    w.afflio!('ready', 1)
    pasteStub()
    w.afflio!('ready', 2)
    const seen: unknown[] = []
    const real = install(w, (_command, args) => seen.push(args[0]))
    expect(seen).toEqual([1, 2])
    expect(w.afflio).toBe(real)
    expect(real.q).toBeUndefined()
  })

  test('after install, window.afflio calls run directly and return their result', () => {
    install(w, (command, args) => (command == 'referral' ? 'clk_1' : args.length))
    expect(w.afflio!('referral')).toBe('clk_1')
    expect(w.afflio!('lead', 1, 2)).toBe(2)
  })

  test('works without the stub (script tag alone)', () => {
    const seen: string[] = []
    install(w, (command) => void seen.push(command))
    w.afflio!('ready')
    expect(seen).toEqual(['ready'])
  })

  test('a failing command never throws into the page, during replay or after', () => {
    pasteStub()
    w.afflio!('boom')
    w.afflio!('ok')
    const seen: string[] = []
    install(w, (command) => {
      seen.push(command)
      if (command == 'boom') throw new Error('boom')
      return command
    })
    expect(seen).toEqual(['boom', 'ok'])
    expect(() => w.afflio!('boom')).not.toThrow()
    expect(w.afflio!('boom')).toBeUndefined()
    expect(w.afflio!('ok')).toBe('ok')
  })
})

describe('later', () => {
  test('callbacks added before resolve wait; later ones run at once; all get the value', () => {
    const ready = later<{ clickId: string | null }>()
    const got: string[] = []
    ready.on((v) => got.push('a:' + v.clickId))
    ready.on((v) => got.push('b:' + v.clickId))
    expect(got).toEqual([])
    ready.resolve({ clickId: 'clk_1' })
    expect(got).toEqual(['a:clk_1', 'b:clk_1'])
    ready.on((v) => got.push('c:' + v.clickId))
    expect(got).toEqual(['a:clk_1', 'b:clk_1', 'c:clk_1'])
  })

  test('resolves once; a throwing or non-function callback does not stop the others', () => {
    const ready = later<number>()
    const got: number[] = []
    ready.on(() => {
      throw new Error('host bug')
    })
    ready.on('not a function' as unknown as () => void)
    ready.on((v) => got.push(v))
    expect(() => ready.resolve(1)).not.toThrow()
    ready.resolve(2)
    expect(got).toEqual([1])
  })
})

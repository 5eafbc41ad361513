import { render } from 'preact'
import { act } from 'preact/test-utils'
import { expect, it } from 'vitest'
import { useValue, type Value } from './use-value.ts'

it('keeps its value across renders, re-renders on a change and not on the same value', () => {
  let box: Value<string> | undefined
  let renders = 0
  function Shows() {
    renders++
    const said = useValue('')
    box = said
    return <p>{said.value}</p>
  }
  const root = document.createElement('div')
  act(() => render(<Shows />, root))
  const first = box
  expect(root.textContent).toBe('')
  act(() => void (box!.value = 'Copied'))
  expect(root.textContent).toBe('Copied')
  expect(box).toBe(first)
  const before = renders
  act(() => void (box!.value = 'Copied'))
  expect(renders).toBe(before)
})

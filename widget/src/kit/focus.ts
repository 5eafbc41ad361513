// Keyboard focus when a write removes the control that had it (approve an application and its row goes,
// hold a commission and its buttons become a form, close a confirmation). The browser drops focus to
// <body>, and a keyboard or screen-reader user starts again from the top of the page. One watcher per
// widget (mount.tsx starts it) puts focus back somewhere sensible instead, so no view has to:
// 1. back to the control that opened what is closing (a form or confirmation that replaced it), when it
//    is there again;
// 2. into what took the removed control's place (the form that an action opened);
// 3. the same control in the next row (or the previous one, after the last row);
// 4. the nearest heading before the place (a row's title), or the tab panel holding it.
// It acts only while focus is lost (nothing else focused meanwhile, the page's own controls included).

const FOCUSABLE = 'button, [href], input:not([type=hidden]), select, textarea, [tabindex]'

const focusable = (el: Element) => el.matches(FOCUSABLE) && !el.matches(':disabled, [tabindex="-1"]') && !el.closest('[hidden], [inert]')

/** The first control in `node` (itself included) that takes focus, by `match` when given. */
function firstIn(node: Node, match: (el: HTMLElement) => boolean = () => true): HTMLElement | null {
  if (!(node instanceof HTMLElement)) return null
  if (focusable(node) && match(node)) return node
  for (const el of node.querySelectorAll<HTMLElement>(FOCUSABLE)) if (focusable(el) && match(el)) return el
  return null
}

/** What makes a control "the same" in another row or after a re-render: its kind, name and words. */
const signature = (el: Element) => `${el.tagName}|${el.getAttribute('aria-label') ?? ''}|${el.textContent?.trim() ?? ''}`

const ancestors = (el: Element) => {
  const out: Element[] = []
  for (let e: Element | null = el; e; e = e.parentElement) out.push(e)
  return out
}

interface Opener {
  /** The opener's signature: it was removed when what it opened came, and is found again by it */
  sig: string
  /** Where it was: the nearest element that stayed */
  container: Element
}

/** Starts the watcher on a widget's shadow root; returns its stop. */
export function keepFocus(root: ShadowRoot): () => void {
  let last: HTMLElement | null = null
  let lastPath: Element[] = []
  let opener: Opener | null = null
  let restoring = false
  const lost = () => root.activeElement === null && (document.activeElement === null || document.activeElement === document.body)
  const put = (el: HTMLElement | null) => {
    if (!el) return false
    if (!focusable(el) && !el.hasAttribute('tabindex')) el.tabIndex = -1 // a heading, focused to be read out
    restoring = true
    el.focus()
    restoring = false
    return root.activeElement === el
  }

  const onFocus = (e: Event) => {
    const el = e.composedPath()[0]
    if (!(el instanceof HTMLElement) || el === last) return
    // A view moved focus from a control just removed into what replaced it: remember the control
    if (!restoring && last && !last.isConnected) {
      const container = lastPath.find((a) => a.isConnected)
      opener = container && container.contains(el) ? { sig: signature(last), container } : opener
    }
    last = el
    lastPath = ancestors(el)
  }

  const observer = new MutationObserver((records) => {
    if (!last || last.isConnected) return
    const record = records.find((r) => [...r.removedNodes].some((n) => n === last || n.contains(last)))
    if (!record || !lost()) return
    const was = last
    const place = record.target as Element
    const container = lastPath.find((a) => a.isConnected) ?? place
    const added = records.filter((r) => r.target === place).flatMap((r) => [...r.addedNodes])
    const sig = signature(was)
    const next = record.nextSibling
    const previous = record.previousSibling
    // After the render in progress (a view's own focus, in its refs, wins: then nothing is lost)
    setTimeout(() => {
      if (!lost()) return
      // 1. What is closing was opened by a control that is back
      if (opener && opener.container.isConnected && opener.container.contains(container)) {
        const sameOpener = firstIn(opener.container, (el) => signature(el) === opener!.sig)
        opener = null
        if (put(sameOpener)) return
      }
      // 2. What took its place: remember the control, to come back to it when this closes
      for (const node of added) {
        if (node.isConnected && put(firstIn(node))) return void (opener = { sig, container })
      }
      // 3. The same control in the next row, or the previous one
      const rows: Node[] = []
      for (let n = next; n; n = n.nextSibling) rows.push(n)
      for (let n = previous; n; n = n.previousSibling) rows.push(n)
      for (const row of rows) if (row.isConnected && put(firstIn(row, (el) => signature(el) === sig))) return
      // 4. The nearest heading before the place, up to the tab panel (focused itself when it has none)
      for (const scope of ancestors(container)) {
        if (!root.contains(scope)) break
        const before = [...scope.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter((h) => precedes(h, container, next))
        if (put((before.at(-1) as HTMLElement | undefined) ?? null)) return
        if (scope.matches('[role=tabpanel]') && put(scope as HTMLElement)) return
      }
    })
  })

  root.addEventListener('focusin', onFocus)
  observer.observe(root, { childList: true, subtree: true })
  return () => {
    root.removeEventListener('focusin', onFocus)
    observer.disconnect()
  }
}

/** Whether `h` comes before the removed control's place: before `next` (what followed it), or within or before `container` when nothing followed. */
function precedes(h: Element, container: Element, next: Node | null): boolean {
  const anchor = next?.isConnected ? next : null
  if (anchor) return !h.contains(anchor) && (h.compareDocumentPosition(anchor) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
  return container.contains(h) || (h.compareDocumentPosition(container) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
}

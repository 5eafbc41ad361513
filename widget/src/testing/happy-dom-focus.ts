// happy-dom keeps a removed element as the document's activeElement (a browser moves focus to <body>), and
// ShadowRoot.activeElement then walks up the detached tree and throws. Read as a browser answers: nothing
// focused in this root. The widgets' own focus rules are checked in Chromium (*.browser.test.ts) as well.
const activeElement = Object.getOwnPropertyDescriptor(ShadowRoot.prototype, 'activeElement')!
Object.defineProperty(ShadowRoot.prototype, 'activeElement', {
  configurable: true,
  get(this: ShadowRoot) {
    const focused = document.activeElement
    return focused && !focused.isConnected ? null : activeElement.get!.call(this)
  },
})

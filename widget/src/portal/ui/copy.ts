/**
 * Copies text: the async Clipboard API, else a selected textarea and execCommand (older browsers,
 * insecure origins, or a permissions policy without clipboard-write). Resolves to whether it worked.
 */
export async function copyText(text: string, near: Element): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    // Placed inside the shadow root, beside the button, so focus and selection stay in the portal.
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.cssText = 'position:fixed;opacity:0;top:0;left:0'
    const parent = near.parentNode ?? document.body
    parent.appendChild(area)
    area.select()
    let ok = false
    try {
      ok = document.execCommand('copy')
    } catch {}
    area.remove()
    ;(near as HTMLElement).focus?.()
    return ok
  }
}

// The script's only network call: POST a JSON body as text/plain (a CORS "simple" request, so no
// preflight) and read the JSON answer. Never rejects: any failure (network, non-2xx, bad JSON)
// resolves to null.

export function send<T>(url: string, body: object): Promise<T | null> {
  const data = JSON.stringify(body)
  try {
    // A string body is sent as `text/plain;charset=UTF-8`; keepalive lets it finish if the page unloads.
    return fetch(url, { method: 'POST', body: data, keepalive: true })
      .then((r) => (r.ok ? (r.json() as Promise<T>) : null))
      .catch(() => null)
  } catch {
    // No fetch (or it threw): fire and forget. The answer (the click id) is lost, the record is not.
    try {
      navigator.sendBeacon(url, data)
    } catch {}
    return Promise.resolve(null)
  }
}

// What the program gives its partners: assets (logos, banners, copy) and rules (terms, guidelines).
import type { PortalResource } from '@afflio/sdk/types'
import type { createOnboarding } from './onboarding.ts'
import { remote, type Session } from './session.ts'

export function createResources(session: Session, onboarding: ReturnType<typeof createOnboarding>) {
  const store = remote<PortalResource[]>(session, async (c) => {
    const all: PortalResource[] = []
    for await (const r of c.resources.listAll({ limit: 100 })) all.push(r)
    return all
  })
  const update = (r: PortalResource) => {
    const list = store.value()
    if (list) store.set(list.map((x) => (x.id === r.id ? r : x)))
  }
  return {
    ...store,
    /** One resource with its content. Opening it marks it read, which may complete a checklist step. */
    async open(id: string): Promise<PortalResource> {
      const r = await session.call((c) => c.resources.get(id))
      update(r)
      if (onboarding.value()?.steps.some((s) => s.resourceId === id && !s.done)) void onboarding.run()
      return r
    },
    /** Accepts terms at the version read and returns the document as accepted. */
    async accept(r: PortalResource): Promise<PortalResource> {
      await onboarding.accept(r.id, r.version)
      const accepted = { ...r, acceptedVersion: r.version }
      update(accepted)
      return accepted
    },
  }
}

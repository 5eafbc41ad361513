// The partner's onboarding checklist and progress; also decides where the portal puts its tab.
import type { OnboardingProgress } from '@afflio/sdk/types'
import { remote, type Session } from './session.ts'

export function createOnboarding(session: Session) {
  const store = remote<OnboardingProgress>(session, (c) => c.onboarding.get())
  return {
    ...store,
    /** Marks a custom step done; rejects with the API error. */
    async complete(stepId: string) {
      store.set(await session.call((c) => c.onboarding.completeStep(stepId)))
    },
    /** Accepts a terms document at the version read; 409 when a newer one was published since. */
    async accept(resourceId: string, version: number) {
      store.set(await session.call((c) => c.onboarding.acceptTerms({ resourceId, version })))
    },
  }
}

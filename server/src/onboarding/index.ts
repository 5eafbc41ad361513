// The onboarding feature's public face: other features import from here, never from its files.
export { onboardingEvent } from './onboarding-events.ts'
export { portalOnboardingRoutes } from './portal-routes.ts'
export { onboardingReactions } from './reactions.ts'
export * as onboardingSchemas from './schemas.ts'

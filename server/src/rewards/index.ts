// The rewards feature's public face (double-sided rewards: what a referred customer gets).
export { partnerFirstName, readReward, rewardInForce, storedReward, toOffer } from './reward-rules.ts'
export { referralReward } from './schemas.ts'
export { partnerOffer, programOffer } from './partner-offer.ts'
export * as rewardsSchemas from './schemas.ts'

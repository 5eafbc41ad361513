// The challenges feature's public face: other features import from here, never from its files.
export { createProblem } from './challenge-rules.ts'
export { isWebAddress, PROOF_TEXT_MAX, proofProblem } from './bounty-rules.ts'
export { archiveChallenge, createChallenge, getChallenge, listChallenges, listPortalChallenges, updateChallenge } from './challenges.ts'
export { approveSubmission, getSubmission, listPortalSubmissions, listSubmissions, rejectSubmission, submitProof, withdrawSubmission } from './bounties.ts'
export { challengeReactions } from './reactions.ts'
export { settleChallenges } from './rewards.ts'

// The fraud feature's public face: other features import from here, never from its files.
export { DEFAULT_FRAUD_RULES, readFraudRules, storedFraudRules } from './fraud-rules.ts'
export type { ConversionVerdict } from './fraud-rules.ts'
export { judgeCommission } from './judge-conversion.ts'
export { notePartnerAddress } from './partner-address.ts'
export { screenClick } from './screen-click.ts'

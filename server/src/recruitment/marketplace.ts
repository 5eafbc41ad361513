// The marketplace's fixed vocabulary: categories and what a slug may look like. Pure.
import type { MarketplaceCategory } from '@afflio/sdk/types'

export const MARKETPLACE_CATEGORIES = [
  'saas',
  'developer_tools',
  'marketing',
  'ecommerce',
  'finance',
  'education',
  'health',
  'travel',
  'media',
  'gaming',
  'other',
] as const satisfies readonly MarketplaceCategory[]

// Every category of the contract is in the list (the `satisfies` above checks the other direction).
const _everyCategory: Exclude<MarketplaceCategory, (typeof MARKETPLACE_CATEGORIES)[number]> extends never ? true : never = true
void _everyCategory

/** Labels for the HTML page. */
export const CATEGORY_LABELS: Record<MarketplaceCategory, string> = {
  saas: 'SaaS',
  developer_tools: 'Developer tools',
  marketing: 'Marketing',
  ecommerce: 'E-commerce',
  finance: 'Finance',
  education: 'Education',
  health: 'Health',
  travel: 'Travel',
  media: 'Media',
  gaming: 'Gaming',
  other: 'Other',
}

/** 3-60 characters: lower-case letters and digits in words joined by single hyphens. */
export const SLUG = /^(?=.{3,60}$)[a-z0-9]+(?:-[a-z0-9]+)*$/

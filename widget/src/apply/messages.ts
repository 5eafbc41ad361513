// The application form's strings (its own bundle, so its own small table): pass `messages` to
// mountApply() to override some or all of them.
import { common } from '../kit/messages.ts'

export const applyMessages = {
  ...common,
  'apply.title': 'Apply to {program}',
  'apply.name': 'Your name',
  'apply.email': 'Email',
  'apply.submit': 'Send application',
  'apply.closed': '{program} is not taking applications right now.',
  'apply.pending': 'Thank you! Your application is waiting for review.',
  'apply.approved': 'Welcome aboard: your application is approved.',
  'apply.conflict': 'An application from this address is already waiting for review: you will hear from the team.',
  'apply.partner': 'This address already belongs to a partner of {program}: sign in to the partner portal instead.',
  'apply.tick': 'Tick this to apply.',
  'apply.choose': 'Choose…',
  'apply.reward': 'Your referrals get {label}',
} as const


export type ApplyKey = keyof typeof applyMessages
export type ApplyMessages = Record<ApplyKey, string>

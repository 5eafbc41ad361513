// What a recruiter is told when someone applies through its recruiting link, and when that application is
// approved (the applicant becomes its recruit). Pure. The applicant's name as they gave it, never their
// email: the recruiter learns who came through its link, not how to reach them.

export interface RecruitNoticeText {
  subject: string
  body: string
}

/**
 * @example recruitNotice('applied', { programName: 'Acme', applicantName: 'Rob' }).subject
 * // 'Rob applied through your recruiting link'
 */
export function recruitNotice(stage: 'applied' | 'approved', a: { programName: string; applicantName: string | null }): RecruitNoticeText {
  const who = a.applicantName?.trim() || 'Someone'
  if (stage === 'applied') {
    return {
      subject: `${who} applied through your recruiting link`,
      body: `${who} applied to the ${a.programName} partner program through your recruiting link. You will be told when the application is approved.`,
    }
  }
  return {
    subject: `${who} joined ${a.programName} through your recruiting link`,
    body: `${who} applied to the ${a.programName} partner program through your recruiting link and was approved: they are your recruit now.`,
  }
}

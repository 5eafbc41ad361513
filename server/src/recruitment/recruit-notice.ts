// What a recruiter is told when someone applies through its recruiting link, and when that application is
// approved (the applicant becomes its recruit). Pure. The applicant's name as they gave it, never their
// email: the recruiter learns who came through its link, not how to reach them.
//
// Anyone may apply, without a credential, so the name is a stranger's text sent in an email from the
// program's address: it never goes into the subject, and the body shows it on one line, shortened, and
// only when a mail client would not turn part of it into a link ("Visit phish.example/login" is left out,
// the applicant is "Someone"). Left out rather than defanged: `phish[.]example` still reads as an address.

export interface RecruitNoticeText {
  subject: string
  body: string
}

/** How much of an applicant's name a notice shows, in characters */
export const NAME_SHOWN_MAX = 40

// What a mail client may make a link of: a scheme, `www.`, an address (`@`), or a domain-like `x.yz`.
const LINKISH = /:\/\/|www[.。．｡]|@|[\p{L}\p{N}_-][.。．｡][\p{L}\p{N}]{2,}/iu

/**
 * The applicant's name as a notice shows it: on one line (no control or format characters), at most
 * NAME_SHOWN_MAX characters, or null when there is none or when any part of it could become a link.
 *
 * @example applicantNameShown('  Rob\nSmith ') // 'Rob Smith'
 * @example applicantNameShown('Visit https://phish.example/login') // null
 */
export function applicantNameShown(name: string | null): string | null {
  const oneLine = (name ?? '').replace(/[\s\p{Cc}\p{Cf}]+/gu, ' ').trim()
  if (!oneLine || LINKISH.test(oneLine)) return null
  const chars = Array.from(oneLine)
  return chars.length > NAME_SHOWN_MAX ? `${chars.slice(0, NAME_SHOWN_MAX - 1).join('').trimEnd()}…` : oneLine
}

/**
 * @example recruitNotice('applied', { programName: 'Acme', applicantName: 'Rob' })
 * // { subject: 'New applicant through your recruiting link', body: 'Rob applied to the Acme partner program …' }
 */
export function recruitNotice(stage: 'applied' | 'approved', a: { programName: string; applicantName: string | null }): RecruitNoticeText {
  const who = applicantNameShown(a.applicantName) ?? 'Someone'
  if (stage === 'applied') {
    return {
      subject: 'New applicant through your recruiting link',
      body: `${who} applied to the ${a.programName} partner program through your recruiting link. You will be told when the application is approved.`,
    }
  }
  return {
    subject: `Your recruit joined ${a.programName}`,
    body: `${who} applied to the ${a.programName} partner program through your recruiting link and was approved: they are your recruit now.`,
  }
}

// Pure helpers of the contacts screens (tested in test/unit/contacts.test.ts).

export const MAX_CONTACT_TAGS = 20
export const MAX_CONTACT_TAG_LENGTH = 40

/**
 * Adds the comma-separated tags typed in draft to current, as the server would keep them:
 * spaces collapsed, duplicates (ignoring case) dropped, at most 20 tags of at most 40 characters.
 */
export function mergeTags(current: string[], draft: string): { tags: string[], error: string } {
  const next = [...current]
  for (const raw of draft.split(',')) {
    const t = raw.trim().replace(/\s+/g, ' ')
    if (!t) continue
    if (t.length > MAX_CONTACT_TAG_LENGTH) return { tags: current, error: `A tag is at most ${MAX_CONTACT_TAG_LENGTH} characters.` }
    if (!next.some(x => x.toLowerCase() === t.toLowerCase())) next.push(t)
  }
  if (next.length > MAX_CONTACT_TAGS) return { tags: current, error: `A contact has at most ${MAX_CONTACT_TAGS} tags.` }
  return { tags: next, error: '' }
}

/** "5 messages (3 from the customer, 2 sent)" for a day of one conversation. */
export function messagesSummary(count: number, inbound: number): string {
  const total = `${count} message${count === 1 ? '' : 's'}`
  const sent = count - inbound
  if (inbound && sent) return `${total} (${inbound} from the customer, ${sent} sent)`
  return sent ? `${total} sent` : `${total} from the customer`
}

/** The assignment line of the timeline; an empty name is the queue. */
export function assignmentSummary(from: string, to: string): string {
  if (!to) return `Back to the queue${from ? ` from ${from}` : ''}`
  return from ? `Moved from ${from} to ${to}` : `Assigned to ${to}`
}

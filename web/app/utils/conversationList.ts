/** What the live list needs of a conversation: its id and the time of its last message. */
export interface ListedConversation {
  id: string
  last_message_at: string
}

/** Whether a comes before b in the conversation list: newest activity first, then the larger id (as the server pages). */
export function sortsBefore(a: ListedConversation, b: ListedConversation): boolean {
  const d = Date.parse(a.last_message_at) - Date.parse(b.last_message_at)
  return d > 0 || (d === 0 && a.id > b.id)
}

/**
 * Merges the server's fresh rows for the conversations an event named into the loaded list, keeping the pages
 * already shown: a named conversation the server no longer returns (it left the filters) is dropped, a returned
 * one moves to its place (a new message puts it on top). A row older than every loaded one is only added when no
 * further page exists; otherwise "Load more" brings it.
 */
export function mergeLive<T extends ListedConversation>(list: T[], named: string[], fresh: T[], morePages: boolean): T[] {
  const gone = new Set(named)
  const out = list.filter(c => !gone.has(c.id))
  for (const c of fresh) {
    const i = out.findIndex(x => sortsBefore(c, x))
    if (i >= 0) out.splice(i, 0, c)
    else if (!morePages) out.push(c)
  }
  return out
}

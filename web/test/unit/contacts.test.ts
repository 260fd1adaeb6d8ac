import { describe, expect, it } from 'vitest'
import { assignmentSummary, mergeTags, messagesSummary } from '../../app/utils/contacts'

describe('mergeTags', () => {
  it('adds comma-separated tags, collapsing spaces and dropping duplicates without regard to case', () => {
    expect(mergeTags(['VIP'], ' vip , Kuala   Lumpur,,')).toEqual({ tags: ['VIP', 'Kuala Lumpur'], error: '' })
  })
  it('refuses a tag longer than 40 characters and keeps the current tags', () => {
    const r = mergeTags(['a'], 'x'.repeat(41))
    expect(r.tags).toEqual(['a'])
    expect(r.error).toMatch(/40 characters/)
  })
  it('refuses a 21st tag', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `t${i}`)
    expect(mergeTags(twenty, 'one more').error).toMatch(/at most 20 tags/)
    expect(mergeTags(twenty, 'T0').error).toBe('')
  })
})

describe('timeline lines', () => {
  it('sums a day of messages by direction', () => {
    expect(messagesSummary(5, 3)).toBe('5 messages (3 from the customer, 2 sent)')
    expect(messagesSummary(1, 1)).toBe('1 message from the customer')
    expect(messagesSummary(2, 0)).toBe('2 messages sent')
  })
  it('names the queue when an agent is missing', () => {
    expect(assignmentSummary('', 'Siti')).toBe('Assigned to Siti')
    expect(assignmentSummary('Siti', 'Ravi')).toBe('Moved from Siti to Ravi')
    expect(assignmentSummary('Siti', '')).toBe('Back to the queue from Siti')
  })
})

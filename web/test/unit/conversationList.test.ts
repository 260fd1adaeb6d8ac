import { describe, expect, it } from 'vitest'
import { mergeLive, sortsBefore } from '../../app/utils/conversationList'

const c = (id: string, at: string) => ({ id, last_message_at: at })

describe('conversation list live updates', () => {
  const loaded = [c('a', '2026-03-10T10:00:00Z'), c('b', '2026-03-10T09:00:00Z'), c('c', '2026-03-10T08:00:00Z')]

  it('orders newest first, then by the larger id', () => {
    expect(sortsBefore(c('x', '2026-03-10T10:00:00Z'), c('y', '2026-03-10T09:00:00Z'))).toBe(true)
    expect(sortsBefore(c('b', '2026-03-10T10:00:00Z'), c('a', '2026-03-10T10:00:00Z'))).toBe(true)
    expect(sortsBefore(c('a', '2026-03-10T10:00:00Z'), c('b', '2026-03-10T10:00:00Z'))).toBe(false)
  })
  it('moves a conversation with a new message to the top without losing the others', () => {
    const out = mergeLive(loaded, ['c', 'msg-1'], [c('c', '2026-03-10T11:00:00Z')], true)
    expect(out.map(x => x.id)).toEqual(['c', 'a', 'b'])
  })
  it('adds a new conversation on top', () => {
    expect(mergeLive(loaded, ['n'], [c('n', '2026-03-10T12:00:00Z')], true).map(x => x.id)).toEqual(['n', 'a', 'b', 'c'])
  })
  it('drops a conversation that no longer matches the filters', () => {
    expect(mergeLive(loaded, ['b'], [], false).map(x => x.id)).toEqual(['a', 'c'])
  })
  it('leaves rows beyond the loaded pages to "Load more"', () => {
    const old = c('z', '2026-03-01T00:00:00Z')
    expect(mergeLive(loaded, ['z'], [old], true).map(x => x.id)).toEqual(['a', 'b', 'c'])
    expect(mergeLive(loaded, ['z'], [old], false).map(x => x.id)).toEqual(['a', 'b', 'c', 'z'])
  })
})

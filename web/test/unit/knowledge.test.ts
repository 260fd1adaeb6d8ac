import { describe, expect, it } from 'vitest'
import { sampleFromText, sampleToText } from '../../app/utils/knowledge'

describe('sample conversations', () => {
  it('reads prefixed lines and continuations', () => {
    expect(sampleFromText('Customer: Ada kek coklat?\nA: Ada!\n1 kg RM75.\n\nc:  Ok tempah')).toEqual([
      { from: 'customer', text: 'Ada kek coklat?' },
      { from: 'agent', text: 'Ada!\n1 kg RM75.' },
      { from: 'customer', text: 'Ok tempah' }
    ])
  })
  it('treats an unprefixed first line as the customer and drops empty messages', () => {
    expect(sampleFromText('价格多少？\nAgent:   ')).toEqual([{ from: 'customer', text: '价格多少？' }])
  })
  it('round-trips', () => {
    const msgs = [{ from: 'customer' as const, text: 'விலை என்ன?' }, { from: 'agent' as const, text: 'RM75.' }]
    expect(sampleFromText(sampleToText(msgs))).toEqual(msgs)
  })
})

// Sample conversations of the brand voice are edited as text, one message per line
// starting with "Customer:" or "Agent:" (or C:/A:); a line without a prefix continues
// the previous message.

export interface SampleLine { from: 'customer' | 'agent', text: string }

export function sampleToText(msgs: { from: string, text: string }[]): string {
  return msgs.map(m => `${m.from === 'agent' ? 'Agent' : 'Customer'}: ${m.text}`).join('\n')
}

export function sampleFromText(text: string): SampleLine[] {
  const out: SampleLine[] = []
  for (const raw of text.split('\n')) {
    const l = raw.trim()
    if (!l) continue
    const m = /^(customer|agent|c|a)\s*:\s*(.*)$/i.exec(l)
    if (m) out.push({ from: m[1]!.toLowerCase().startsWith('a') ? 'agent' : 'customer', text: m[2] ?? '' })
    else if (out.length) out[out.length - 1]!.text += `\n${l}`
    else out.push({ from: 'customer', text: l })
  }
  return out.filter(m => m.text.trim())
}

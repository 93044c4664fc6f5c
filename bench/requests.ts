/**
 * The sampling requests the policy bench evaluates: one shaped like a real agent's (system prompt,
 * a three-message exchange of a few hundred characters, model preferences) and one carrying a
 * ~1 MB document to summarise. Deterministic prose, so every run walks the same text.
 */

const WORDS = (
  'the gate holds each sampling request until policy and a person agree that the server may use the ' +
  'model on behalf of the user while history keeps a record of what was asked and answered so limits ' +
  'survive restarts and reviews can happen later when something looks odd in a report or a log file'
).split(' ');

/** `length` characters of plain sentences (deterministic pseudo-random word order). */
export function prose(length: number, seed = 1): string {
  let x = seed;
  const parts: string[] = [];
  let size = 0;
  let sentence = 0;
  while (size < length) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const word = WORDS[x % WORDS.length]!;
    const piece = sentence === 0 ? word[0]!.toUpperCase() + word.slice(1) : word;
    sentence = (sentence + 1) % 14;
    const text = sentence === 0 ? `${piece}. ` : `${piece} `;
    parts.push(text);
    size += text.length;
  }
  return parts.join('').slice(0, length);
}

export function realisticRequest(): Record<string, unknown> {
  return {
    systemPrompt: `You are a careful assistant for a documentation server. ${prose(260, 7)}`,
    messages: [
      { role: 'user', content: { type: 'text', text: `Summarise the following section for a release note. ${prose(420, 11)}` } },
      { role: 'assistant', content: { type: 'text', text: prose(300, 13) } },
      { role: 'user', content: { type: 'text', text: `Shorter, and list the three main changes. ${prose(180, 17)}` } },
    ],
    modelPreferences: {
      hints: [{ name: 'claude-sonnet' }, { name: 'gpt-4o' }],
      costPriority: 0.3,
      speedPriority: 0.5,
      intelligencePriority: 0.8,
    },
    includeContext: 'none',
    temperature: 0.4,
    maxTokens: 800,
    stopSequences: ['\n\nUser:'],
    metadata: { requestSource: 'docs-server' },
  };
}

export const LARGE_BYTES = 1024 * 1024;

export function largeRequest(): Record<string, unknown> {
  return {
    systemPrompt: 'You summarise long documents faithfully.',
    messages: [{ role: 'user', content: { type: 'text', text: `Summarise this document:\n\n${prose(LARGE_BYTES, 23)}` } }],
    modelPreferences: { hints: [{ name: 'claude-sonnet' }], intelligencePriority: 0.9 },
    maxTokens: 2000,
  };
}

import { describe, expect, it } from 'vitest';
import { applyDraft, applyResponseTexts, draftFrom, includeContextChoices, responseTexts } from '../../../renderer/src/lib/edit.js';
import { diffJson, pathLabel, wordDiff } from '../../../renderer/src/lib/diff.js';
import { entryToForm, formToEntry, EMPTY_SERVER_FORM } from '../../../renderer/src/lib/server-form.js';

const request = {
  systemPrompt: 'You are helpful.',
  messages: [
    { role: 'user', content: { type: 'text', text: 'Summarise the file' } },
    { role: 'user', content: [{ type: 'text', text: 'second' }, { type: 'image', data: 'AAAA', mimeType: 'image/png' }] },
  ],
  maxTokens: 500,
  temperature: 0.7,
  includeContext: 'allServers',
  tools: [{ name: 'a', inputSchema: {} }, { name: 'b', inputSchema: {} }],
  toolChoice: { mode: 'auto' },
};

describe('edit draft', () => {
  it('round-trips unchanged', () => {
    const r = applyDraft(request, draftFrom(request));
    expect(r).toEqual({ ok: true, params: request });
  });

  it('applies text, system prompt, numbers, stop sequences, tool removal and narrower context', () => {
    const d = draftFrom(request);
    d.texts['/messages/1/content/0/text'] = 'changed';
    d.systemPrompt = 'Be brief.';
    d.maxTokens = '200';
    d.temperature = '';
    d.stopSequences = 'END\n\nSTOP';
    d.removedTools = [0, 1];
    d.includeContext = 'none';
    const r = applyDraft(request, d);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.params).toMatchObject({ systemPrompt: 'Be brief.', maxTokens: 200, stopSequences: ['END', 'STOP'], includeContext: 'none' });
    expect((r.params.messages as { content: { text?: string }[] }[])[1]?.content[0]?.text).toBe('changed');
    expect(r.params).not.toHaveProperty('temperature');
    expect(r.params).not.toHaveProperty('tools');
    expect(r.params).not.toHaveProperty('toolChoice');
    // the original is untouched
    expect(request.maxTokens).toBe(500);
  });

  it('refuses bad numbers and widening includeContext', () => {
    const d = { ...draftFrom({ ...request, includeContext: 'thisServer' }), maxTokens: '-3', temperature: 'hot', includeContext: 'allServers' as const };
    const r = applyDraft({ ...request, includeContext: 'thisServer' }, d);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['includeContext', 'maxTokens', 'temperature']);
    expect(includeContextChoices('thisServer')).toEqual(['none', 'thisServer']);
    expect(includeContextChoices(null)).toEqual(['none']);
  });

  it('edits completion texts', () => {
    const response = { role: 'assistant', model: 'm', content: { type: 'text', text: 'old' } };
    expect(responseTexts(response)).toEqual({ '/content/text': 'old' });
    expect(applyResponseTexts(response, { '/content/text': 'new' })).toMatchObject({ content: { text: 'new' } });
  });
});

describe('diff', () => {
  it('lists added, removed and changed paths', () => {
    const changes = diffJson({ a: 1, b: [1, 2], c: 'x' }, { a: 2, b: [1], d: true, c: 'x' });
    expect(changes).toEqual([
      { kind: 'changed', path: '/a', before: 1, after: 2 },
      { kind: 'removed', path: '/b/1', before: 2 },
      { kind: 'added', path: '/d', after: true },
    ]);
    expect(pathLabel('/messages/0/content/text')).toBe('messages[0].content.text');
  });

  it('diffs words', () => {
    expect(wordDiff('the quick fox', 'the slow fox')).toEqual([
      { op: 'same', text: 'the ' },
      { op: 'del', text: 'quick' },
      { op: 'ins', text: 'slow' },
      { op: 'same', text: ' fox' },
    ]);
  });
});

describe('server form', () => {
  it('converts a command server both ways', () => {
    const entry = { id: 'everything', command: 'npx', args: ['-y', 'server everything'], env: { A: '1' }, trust: 'ask' as const };
    const form = entryToForm(entry);
    expect(formToEntry(form)).toEqual({ ok: true, entry });
  });

  it('reports bad ids, missing urls and malformed headers', () => {
    const r = formToEntry({ ...EMPTY_SERVER_FORM, id: '../x', kind: 'url', url: 'not a url', headers: 'no-colon' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['headers', 'id', 'url']);
  });
});

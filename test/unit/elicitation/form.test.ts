/**
 * The form model (shared/elicitation-form.ts): every schema the spec allows parses into fields,
 * everything else is refused with its place; answers are checked field by field and secrets redacted.
 */
import { describe, expect, it } from 'vitest';
import { checkContent, parseRequestedSchema, redactContent, REDACTED } from '../../../shared/elicitation-form.js';

/** The spec's examples, every kind of property (2025-11-25 and 2026-07-28 client/elicitation). */
const SPEC_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', title: 'Display Name', description: 'Description text', minLength: 3, maxLength: 50, default: 'Ada Lovelace' },
    email: { type: 'string', format: 'email' },
    site: { type: 'string', format: 'uri' },
    born: { type: 'string', format: 'date' },
    at: { type: 'string', format: 'date-time' },
    age: { type: 'integer', minimum: 0, maximum: 150, default: 36 },
    score: { type: 'number', minimum: 0, maximum: 100, default: 50.5 },
    ok: { type: 'boolean', default: false },
    colour: { type: 'string', enum: ['Red', 'Green', 'Blue'], default: 'Red' },
    hex: { type: 'string', oneOf: [{ const: '#FF0000', title: 'Red' }, { const: '#00FF00', title: 'Green' }], default: '#FF0000' },
    pet: { type: 'string', enum: ['pet-1', 'pet-2'], enumNames: ['Cat', 'Dog'] },
    colours: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string', enum: ['Red', 'Green', 'Blue'] }, default: ['Red'] },
    hexes: { type: 'array', items: { anyOf: [{ const: '#FF0000', title: 'Red' }, { const: '#0000FF', title: 'Blue' }] } },
  },
  required: ['name', 'email'],
};

describe('parseRequestedSchema', () => {
  it('takes every property kind the spec allows, titled or not, in the server\'s order', () => {
    const r = parseRequestedSchema(SPEC_SCHEMA);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['name', 'string', true],
      ['email', 'string', true],
      ['site', 'string', false],
      ['born', 'string', false],
      ['at', 'string', false],
      ['age', 'integer', false],
      ['score', 'number', false],
      ['ok', 'boolean', false],
      ['colour', 'enum', false],
      ['hex', 'enum', false],
      ['pet', 'enum', false],
      ['colours', 'multi-enum', false],
      ['hexes', 'multi-enum', false],
    ]);
    expect(r.fields.find((f) => f.name === 'hex')!.options).toEqual([{ value: '#FF0000', label: 'Red' }, { value: '#00FF00', label: 'Green' }]);
    expect(r.fields.find((f) => f.name === 'pet')!.options).toEqual([{ value: 'pet-1', label: 'Cat' }, { value: 'pet-2', label: 'Dog' }]);
    expect(r.fields.find((f) => f.name === 'name')).toMatchObject({ title: 'Display Name', minLength: 3, maxLength: 50, default: 'Ada Lovelace' });
  });

  it.each([
    ['not an object', 'x', '/requestedSchema', 'must be a JSON object'],
    ['type other than object', { type: 'array', properties: {} }, '/requestedSchema/type', 'must be "object"'],
    ['no properties', { type: 'object' }, '/requestedSchema/properties', 'object of properties'],
    ['a nested object', { type: 'object', properties: { a: { type: 'object', properties: {} } } }, '/requestedSchema/properties/a/properties', 'not allowed'],
    ['an array of objects', { type: 'object', properties: { a: { type: 'array', items: { type: 'object' } } } }, '/requestedSchema/properties/a/items', 'enum'],
    ['a $ref', { type: 'object', properties: { a: { $ref: '#/x' } } }, '/requestedSchema/properties/a/$ref', 'not allowed'],
    ['an unknown format', { type: 'object', properties: { a: { type: 'string', format: 'password' } } }, '/requestedSchema/properties/a/format', 'one of'],
    ['required naming nothing', { type: 'object', properties: { a: { type: 'string' } }, required: ['b'] }, '/requestedSchema/required/0', 'not a property'],
    ['min above max', { type: 'object', properties: { a: { type: 'number', minimum: 5, maximum: 1 } } }, '/requestedSchema/properties/a/minimum', 'greater than maximum'],
    ['a default that does not fit', { type: 'object', properties: { a: { type: 'integer', maximum: 3, default: 9 } } }, '/requestedSchema/properties/a/default', 'at most 3'],
    ['an empty enum', { type: 'object', properties: { a: { type: 'string', enum: [] } } }, '/requestedSchema/properties/a/enum', 'non-empty'],
    ['a repeated option', { type: 'object', properties: { a: { type: 'string', enum: ['x', 'x'] } } }, '/requestedSchema/properties/a/enum/1', 'repeats'],
    ['enumNames of the wrong length', { type: 'object', properties: { a: { type: 'string', enum: ['x'], enumNames: [] } } }, '/requestedSchema/properties/a/enumNames', 'as long as'],
    ['a property name with a slash', { type: 'object', properties: { 'a/b': { type: 'boolean', default: 'no' } } }, '/requestedSchema/properties/a~1b/default', 'true or false'],
  ])('refuses %s, naming where', (_what, schema, path, reason) => {
    const r = parseRequestedSchema(schema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.path).toBe(path);
    expect(r.reason).toContain(reason);
  });

  it('refuses more properties than a dialog can show', () => {
    const properties = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, { type: 'boolean' }]));
    expect(parseRequestedSchema({ type: 'object', properties })).toMatchObject({ ok: false, reason: expect.stringContaining('at most 100') });
  });
});

describe('checkContent', () => {
  const r = parseRequestedSchema(SPEC_SCHEMA);
  const fields = r.ok ? r.fields : [];

  it('accepts a complete, valid answer', () => {
    const content = { name: 'Grace', email: 'grace@example.com', site: 'https://example.com', born: '1906-12-09', at: '2026-12-07T10:00:00Z', age: 85, score: 99.5, ok: true, colour: 'Blue', hex: '#00FF00', colours: ['Red', 'Blue'] };
    expect(checkContent(fields, content)).toEqual({ ok: true, content });
  });

  it.each([
    [{ email: 'a@b.co' }, 'name', '"name" is required'],
    [{ name: 'Grace', email: 'not-an-email' }, 'email', 'e-mail address'],
    [{ name: 'Al', email: 'a@b.co' }, 'name', 'at least 3 characters'],
    [{ name: 'Grace', email: 'a@b.co', age: 1.5 }, 'age', 'whole number'],
    [{ name: 'Grace', email: 'a@b.co', age: '7' }, 'age', 'an integer'],
    [{ name: 'Grace', email: 'a@b.co', score: 101 }, 'score', 'at most 100'],
    [{ name: 'Grace', email: 'a@b.co', ok: 'yes' }, 'ok', 'true or false'],
    [{ name: 'Grace', email: 'a@b.co', colour: 'Pink' }, 'colour', 'one of'],
    [{ name: 'Grace', email: 'a@b.co', colours: [] }, 'colours', 'at least 1'],
    [{ name: 'Grace', email: 'a@b.co', colours: ['Red', 'Green', 'Blue'] }, 'colours', 'at most 2'],
    [{ name: 'Grace', email: 'a@b.co', born: '2026-02-30' }, 'born', 'a date'],
    [{ name: 'Grace', email: 'a@b.co', site: 'example.com' }, 'site', 'absolute URI'],
    [{ name: 'Grace', email: 'a@b.co', extra: 1 }, 'extra', 'not a field'],
  ])('refuses %j, naming the field', (content, field, reason) => {
    const c = checkContent(fields, content);
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.field).toBe(field);
    expect(c.reason).toContain(reason);
  });

  it('redacts the values of secret fields and nothing else', () => {
    expect(redactContent({ user: 'ada', password: 'hunter2' }, ['password'])).toEqual({ user: 'ada', password: REDACTED });
  });
});

import { describe, expect, it } from 'vitest';
import { callVariables, renderTemplate } from './template.ts';

describe('renderTemplate', () => {
  const vars = callVariables({ name: 'Agent default', city: 'Paris', n: 3 }, { name: 'Suman' });

  it('fills {{var}} and legacy {var}, call variables winning over the agent’s', () => {
    expect(renderTemplate('Hi {{name}} from {{ city }}, you have {n} items, {name}.', vars)).toBe(
      'Hi Suman from Paris, you have 3 items, Suman.',
    );
  });

  it('leaves unknown names and JSON-like braces untouched', () => {
    expect(renderTemplate('{{missing}} {missing} {"a": 1} {{{name}}}', vars)).toBe(
      '{{missing}} {missing} {"a": 1} {Suman}',
    );
  });

  it('shows objects as JSON and null as empty', () => {
    expect(renderTemplate('{{o}}|{{z}}', { o: { a: 1 }, z: null })).toBe('{"a":1}|');
  });
});

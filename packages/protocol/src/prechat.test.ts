import { describe, expect, it } from 'vitest';
import type { PreChatSettings } from './entities';
import { preChatGroups, validatePreChat } from './prechat';

const base: PreChatSettings = { enabled: true, fields: { name: 'optional', email: 'off', phone: 'off' }, consent: 'off', privacyUrl: '' };
const options = [
  { id: 'g-sales', label: 'Sales' },
  { id: 'g-help', label: 'Support' },
];

describe('validatePreChat: the choice of group', () => {
  it('is not asked when absent, off or without options (old settings have no group at all)', () => {
    expect(preChatGroups(base)).toEqual([]);
    expect(preChatGroups({ ...base, group: { mode: 'off', options } })).toEqual([]);
    expect(validatePreChat({ ...base, group: { mode: 'required', options: [] } }, {})).toEqual([]);
    // A group sent while the choice is off is not checked (the server ignores it).
    expect(validatePreChat({ ...base, group: { mode: 'off', options } }, { group: 'anything' })).toEqual([]);
  });

  it('required: a group must be chosen, and only among the offered ones', () => {
    const s = { ...base, group: { mode: 'required' as const, options } };
    expect(preChatGroups(s)).toEqual(options);
    expect(validatePreChat(s, {})).toEqual([{ field: 'group', problem: 'required' }]);
    expect(validatePreChat(s, { group: 'g-help' })).toEqual([]);
    expect(validatePreChat(s, { group: 'g-other' })).toEqual([{ field: 'group', problem: 'invalid' }]);
  });

  it('optional: nothing chosen is fine, an unknown group is not', () => {
    const s = { ...base, group: { mode: 'optional' as const, options } };
    expect(validatePreChat(s, {})).toEqual([]);
    expect(validatePreChat(s, { group: 'g-sales' })).toEqual([]);
    expect(validatePreChat(s, { group: 'nope' })).toEqual([{ field: 'group', problem: 'invalid' }]);
  });
});

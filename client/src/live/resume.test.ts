import { describe, expect, it } from 'vitest';
import { compareSequence, createResumeState, resumablePayload, sequenceOf } from './resume';

describe('resume bookkeeping', () => {
  it('sends no cursor before the first event, then the highest sequence seen', () => {
    const state = createResumeState({ brandId: 'b1' });
    expect(state.variables()).toEqual({ brandId: 'b1' });
    expect(state.accept('7')).toBe(true);
    expect(state.accept('9')).toBe(true);
    expect(state.variables()).toEqual({ brandId: 'b1', afterSequence: '9' });
  });

  it('drops replayed events at or below the cursor, keeps newer ones', () => {
    const state = createResumeState({ brandId: 'b1' });
    state.accept('10');
    expect(state.accept('10')).toBe(false);
    expect(state.accept('4')).toBe(false);
    expect(state.accept('11')).toBe(true);
    expect(state.cursor).toBe('11');
  });

  it('orders sequences beyond 2^53 exactly', () => {
    expect(compareSequence('9007199254740993', '9007199254740992')).toBe(1);
    const state = createResumeState({}, '9007199254740992');
    expect(state.accept('9007199254740993')).toBe(true);
    expect(state.accept('9007199254740993')).toBe(false);
  });

  it('lets events without a usable sequence through without moving the cursor', () => {
    const state = createResumeState({}, '5');
    expect(state.accept(null)).toBe(true);
    expect(state.accept('not-a-number')).toBe(true);
    expect(state.cursor).toBe('5');
  });

  it('starts from a caller-provided afterSequence (the changeSequence read before the list)', () => {
    const state = createResumeState({ brandId: 'b', afterSequence: '41' });
    expect(state.cursor).toBe('41');
    expect(state.variables()).toEqual({ brandId: 'b', afterSequence: '41' });
    // The replay may repeat what the list already showed: at or below the initial cursor is dropped.
    expect(state.accept('41')).toBe(false);
    expect(state.accept('40')).toBe(false);
    expect(state.accept('42')).toBe(true);
    expect(state.variables()).toEqual({ brandId: 'b', afterSequence: '42' });
  });

  it('ignores an unusable caller afterSequence, and an explicit initial cursor wins over it', () => {
    expect(createResumeState({ brandId: 'b', afterSequence: null }).variables()).toEqual({ brandId: 'b' });
    expect(createResumeState({ brandId: 'b', afterSequence: 'abc' }).cursor).toBeNull();
    expect(createResumeState({ brandId: 'b', afterSequence: '5' }, '9').variables()).toEqual({ brandId: 'b', afterSequence: '9' });
  });

  it('sends the initial cursor on the very first subscribe', () => {
    const state = createResumeState({ brandId: 'b1', afterSequence: '41' });
    const payload = resumablePayload({ query: 'subscription S($brandId: ID!, $afterSequence: String) { x }', variables: { brandId: 'b1', afterSequence: '41' } }, state);
    expect(JSON.parse(JSON.stringify(payload)).variables).toEqual({ brandId: 'b1', afterSequence: '41' });
  });

  it('reads the sequence from the first root field of a result', () => {
    expect(sequenceOf({ inventoryChanged: { sequence: '42', item: {} } })).toBe('42');
    expect(sequenceOf({ inventoryChanged: { sequence: 43 } })).toBe('43');
    expect(sequenceOf({ other: 'x' })).toBeNull();
    expect(sequenceOf(null)).toBeNull();
  });

  it('re-serializes the payload with the latest cursor, as graphql-ws does on every reconnect', () => {
    const state = createResumeState({ brandId: 'b1' });
    const payload = resumablePayload({ query: 'subscription S($brandId: ID!, $afterSequence: String) { x }', variables: { brandId: 'b1' } }, state);
    const first = JSON.parse(JSON.stringify(payload));
    expect(first.variables).toEqual({ brandId: 'b1' });
    state.accept('17');
    const resent = JSON.parse(JSON.stringify(payload));
    expect(resent.variables).toEqual({ brandId: 'b1', afterSequence: '17' });
    expect(resent.query).toContain('subscription S');
  });

  it('does not add afterSequence to operations that do not declare it', () => {
    const state = createResumeState({ brandId: 'b1' });
    state.accept('3');
    const payload = resumablePayload({ query: 'subscription S($brandId: ID!) { x }', variables: { brandId: 'b1' } }, state);
    expect(JSON.parse(JSON.stringify(payload)).variables).toEqual({ brandId: 'b1' });
  });
});

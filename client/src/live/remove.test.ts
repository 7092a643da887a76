import { describe, expect, it } from 'vitest';
import { removeById } from './merge';

const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

describe('removeById', () => {
  it('drops the row with the id, keeping the others in order, without mutating the input', () => {
    expect(removeById(rows, 'b')).toEqual([{ id: 'a' }, { id: 'c' }]);
    expect(rows).toHaveLength(3);
  });

  it('returns the same array when the row is not on screen (React skips the render)', () => {
    expect(removeById(rows, 'zzz')).toBe(rows);
  });
});

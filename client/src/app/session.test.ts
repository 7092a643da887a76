// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { endSession, readSignOutNotice, readStoredKey, startSession } from './session';

beforeEach(() => sessionStorage.clear());

describe('session storage', () => {
  it('remembers why a session ended, so a reload still says it, until the next sign-in', () => {
    startSession('pk_live_abc');
    expect(readStoredKey()).toBe('pk_live_abc');
    endSession('Your API key is no longer valid. Sign in again.');
    expect(readStoredKey()).toBeNull();
    expect(readSignOutNotice()).toBe('Your API key is no longer valid. Sign in again.');
    startSession('pk_live_new');
    expect(readSignOutNotice()).toBeNull();
  });

  it('a plain sign-out leaves no notice behind', () => {
    endSession('expired');
    endSession(null);
    expect(readSignOutNotice()).toBeNull();
  });
});

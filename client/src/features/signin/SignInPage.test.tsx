// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyApiKey } from '../../app/session';
import { SignInPage } from './SignInPage';

afterEach(cleanup);

/** A fetch that answers like the API does for a given status. */
const answering = (status: number, body: unknown = {}) =>
  vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

async function submitKey(key: string) {
  fireEvent.change(screen.getByLabelText('API key'), { target: { value: key } });
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  });
}

describe('sign in', () => {
  it('says a refused key is not valid and does not sign in', async () => {
    const fetch401 = answering(401, { errors: [{ message: 'API key is invalid or revoked' }] });
    const onSignedIn = vi.fn();
    render(<SignInPage onSignedIn={onSignedIn} verify={(k) => verifyApiKey(k, fetch401)} />);
    await submitKey('pk_wrong_key');
    expect((await screen.findByRole('alert')).textContent).toBe('That API key is not valid');
    expect(onSignedIn).not.toHaveBeenCalled();
    expect(screen.getByLabelText('API key').getAttribute('aria-invalid')).toBe('true');
  });

  it('sends the key as a bearer token and signs in with the trimmed key', async () => {
    const fetchOk = answering(200, { data: { viewer: { userId: 'u1' } } });
    const onSignedIn = vi.fn();
    render(<SignInPage onSignedIn={onSignedIn} verify={(k) => verifyApiKey(k, fetchOk)} />);
    await submitKey('  pk_good  ');
    expect(onSignedIn).toHaveBeenCalledWith('pk_good');
    const init = (fetchOk.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect((init.headers as Record<string, string>).authorization).toBe('Bearer pk_good');
  });

  it('asks for a key when the field is empty, without calling the API', async () => {
    const fetchSpy = answering(200);
    render(<SignInPage onSignedIn={vi.fn()} verify={(k) => verifyApiKey(k, fetchSpy)} />);
    await submitKey('   ');
    expect((await screen.findByRole('alert')).textContent).toBe('Enter your API key');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('tells a network failure apart from a wrong key', async () => {
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    render(<SignInPage onSignedIn={vi.fn()} verify={(k) => verifyApiKey(k, offline)} />);
    await submitKey('pk_any');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Could not reach Packr/);
  });

  it('reports a server error with its status instead of blaming the key', async () => {
    render(<SignInPage onSignedIn={vi.fn()} verify={(k) => verifyApiKey(k, answering(503))} />);
    await submitKey('pk_any');
    expect((await screen.findByRole('alert')).textContent).toMatch(/503/);
  });
});

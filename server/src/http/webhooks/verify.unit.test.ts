import { describe, expect, it } from 'vitest';
import { Webhook } from 'svix';
import { createVerifiers, parseSecrets, verifyDelivery } from './verify.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER = 'whsec_' + Buffer.from('another-secret-of-32-bytes-long!').toString('base64');
const body = JSON.stringify({ event_type: 'inventory.updated', connection_id: 'c1', data: { id: 'inv_1', onhand: 3 } });

function signed(secret: string, payload = body, at = new Date(), id = 'msg_unit_1') {
  const signature = new Webhook(secret).sign(id, at, payload);
  return new Headers({ 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': signature });
}

describe('verifyDelivery (svix as the sender)', () => {
  const verifiers = createVerifiers([SECRET]);

  it('accepts a valid delivery and reports its send time', () => {
    const at = new Date();
    const out = verifyDelivery(body, signed(SECRET, body, at), verifiers);
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.sentAt.getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000);
  });

  it('matches the fixed Svix vector', () => {
    const headers = new Headers({
      'svix-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'svix-timestamp': '1614265330',
      'svix-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
    // The vector is from 2021: outside the tolerance, but the signature itself must not be the reason.
    const out = verifyDelivery('{"test": 2432232314}', headers, verifiers);
    expect(out).toMatchObject({ ok: false, status: 401, code: 'STALE_TIMESTAMP' });
    const expected = new Webhook(SECRET).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), '{"test": 2432232314}');
    expect(expected).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('refuses a tampered body with 401', () => {
    const out = verifyDelivery(body.replace('"onhand":3', '"onhand":4'), signed(SECRET), verifiers);
    expect(out).toMatchObject({ ok: false, status: 401, code: 'INVALID_SIGNATURE' });
  });

  it('refuses re-serialized JSON (the raw bytes are what is signed)', () => {
    const reserialized = JSON.stringify(JSON.parse(body), null, 2);
    expect(verifyDelivery(reserialized, signed(SECRET), verifiers)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a delivery signed with another secret', () => {
    expect(verifyDelivery(body, signed(OTHER), verifiers)).toMatchObject({ ok: false, status: 401, code: 'INVALID_SIGNATURE' });
  });

  it('accepts either secret while two are configured (rotation)', () => {
    const rotating = createVerifiers(parseSecrets(` ${SECRET} , ${OTHER} `));
    expect(rotating).toHaveLength(2);
    expect(verifyDelivery(body, signed(SECRET), rotating).ok).toBe(true);
    expect(verifyDelivery(body, signed(OTHER), rotating).ok).toBe(true);
    const third = 'whsec_' + Buffer.from('a-third-secret-nobody-configured').toString('base64');
    expect(verifyDelivery(body, signed(third), rotating).ok).toBe(false);
  });

  it('refuses stale and future timestamps with 401', () => {
    const stale = new Date(Date.now() - 6 * 60_000);
    const future = new Date(Date.now() + 6 * 60_000);
    expect(verifyDelivery(body, signed(SECRET, body, stale), verifiers)).toMatchObject({ ok: false, status: 401, code: 'STALE_TIMESTAMP' });
    expect(verifyDelivery(body, signed(SECRET, body, future), verifiers)).toMatchObject({ ok: false, status: 401, code: 'STALE_TIMESTAMP' });
    // Inside the window still passes.
    expect(verifyDelivery(body, signed(SECRET, body, new Date(Date.now() - 4 * 60_000)), verifiers).ok).toBe(true);
  });

  it('answers 400 for missing or malformed headers', () => {
    const good = signed(SECRET);
    for (const name of ['svix-id', 'svix-timestamp', 'svix-signature']) {
      const h = new Headers(good);
      h.delete(name);
      expect(verifyDelivery(body, h, verifiers)).toMatchObject({ ok: false, status: 400, code: 'MISSING_SIGNATURE_HEADERS' });
    }
    const badTs = new Headers(good);
    badTs.set('svix-timestamp', 'yesterday');
    expect(verifyDelivery(body, badTs, verifiers)).toMatchObject({ ok: false, status: 400, code: 'MALFORMED_SIGNATURE_HEADERS' });
    const badSig = new Headers(good);
    badSig.set('svix-signature', 'not-a-signature');
    expect(verifyDelivery(body, badSig, verifiers)).toMatchObject({ ok: false, status: 400, code: 'MALFORMED_SIGNATURE_HEADERS' });
  });

  it('accepts a header carrying several signatures when any one matches', () => {
    const h = signed(SECRET);
    const real = h.get('svix-signature')!;
    const wrong = new Webhook(OTHER).sign('msg_unit_1', new Date(), body);
    h.set('svix-signature', `v2,bm90LXVzZWQ= ${wrong} ${real}`);
    expect(verifyDelivery(body, h, verifiers).ok).toBe(true);
    h.set('svix-signature', `${wrong} v1,AAAA`);
    expect(verifyDelivery(body, h, verifiers)).toMatchObject({ ok: false, status: 401 });
  });

  it('accepts the unbranded webhook-* header names', () => {
    const h = signed(SECRET);
    const plain = new Headers({
      'webhook-id': h.get('svix-id')!,
      'webhook-timestamp': h.get('svix-timestamp')!,
      'webhook-signature': h.get('svix-signature')!,
    });
    expect(verifyDelivery(body, plain, verifiers).ok).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import {
  TrackstarAuthError, TrackstarNotImplementedError, TrackstarRateLimitedError, TrackstarRequestError,
  TrackstarUpstreamError, TrackstarValidationError, errorForStatus,
} from './errors.js';

describe('Trackstar error classes', () => {
  it('classifies by status and keeps the upstream message and request id', () => {
    const cases: [number, Function, boolean][] = [
      [401, TrackstarAuthError, false], [403, TrackstarAuthError, false], [501, TrackstarNotImplementedError, false],
      [422, TrackstarValidationError, false], [429, TrackstarRateLimitedError, true], [500, TrackstarUpstreamError, true],
      [503, TrackstarUpstreamError, true], [404, TrackstarRequestError, false], [409, TrackstarRequestError, false],
    ];
    for (const [status, type, retryable] of cases) {
      const e = errorForStatus(status, { error: 'Endpoint get_returns is not implemented', origin: 'trackstar' }, 'req_1');
      expect(e).toBeInstanceOf(type);
      expect(e.retryable).toBe(retryable);
      expect(e.message).toBe(`Trackstar ${status}: Endpoint get_returns is not implemented`);
      expect(e.requestId).toBe('req_1');
    }
  });

  it('copes with bodies that are not Trackstar error objects', () => {
    expect(errorForStatus(502, '<html>bad gateway</html>', null).message).toBe('Trackstar 502: no error message');
    expect(errorForStatus(400, null, null)).toBeInstanceOf(TrackstarRequestError);
  });
});

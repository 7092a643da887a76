// The one error type of the services: a failure the caller can show as is (the message never
// carries secrets or internals). Each caller maps the code to its own vocabulary (GraphQL error
// codes today, HTTP statuses for REST).
export type ServiceErrorCode = 'NOT_FOUND' | 'BAD_USER_INPUT' | 'NOT_CONNECTED' | 'UPSTREAM' | 'NOT_CONFIGURED' | 'CONFLICT' | 'UNAVAILABLE' | 'FORBIDDEN';

/** One refused input value: where it was (a dotted path such as `resources.ORDERS.everySeconds`) and why. */
export type FieldError = { field: string; message: string };

export class ServiceError extends Error {
  /** `fields`: per-field messages when the input had several problems (the message sums them up). */
  constructor(readonly code: ServiceErrorCode, message: string, readonly fields?: FieldError[]) {
    super(message);
    this.name = 'ServiceError';
  }
}

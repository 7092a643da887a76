// The one error type of the services: a failure the caller can show as is (the message never
// carries secrets or internals). Each caller maps the code to its own vocabulary (GraphQL error
// codes today, HTTP statuses for REST).
export type ServiceErrorCode = 'NOT_FOUND' | 'BAD_USER_INPUT' | 'NOT_CONNECTED' | 'UPSTREAM' | 'NOT_CONFIGURED' | 'CONFLICT' | 'UNAVAILABLE';

export class ServiceError extends Error {
  constructor(readonly code: ServiceErrorCode, message: string) {
    super(message);
    this.name = 'ServiceError';
  }
}

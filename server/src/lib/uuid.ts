// The one UUID shape check: ids are validated before they reach a query, so a malformed id is an
// input error instead of a database error. (The sandbox keeps its own copy: it imports no server code.)
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

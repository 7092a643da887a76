// Relay global ids for tests (the same encoding the API uses: base64 of "Type:id").
export const encodeGlobalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64');

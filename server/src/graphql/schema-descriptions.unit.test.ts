// GraphiQL's docs pane is the API's reference: every element a client can see must explain itself.
// Walks the built schema (building it touches no database) and lists whatever has no description.
import {
  isEnumType, isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType, type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from './schema.js';

/** Schema coordinates (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`) of undescribed elements. */
export function undescribed(s: GraphQLSchema): string[] {
  const missing: string[] = [];
  const check = (coordinate: string, description: string | null | undefined) => {
    if (!description?.trim()) missing.push(coordinate);
  };
  for (const type of Object.values(s.getTypeMap())) {
    // Introspection types and GraphQL's own scalars (ID, String, Int, Float, Boolean) are the spec's.
    if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
    check(type.name, type.description);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.description);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name}:)`, arg.description);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.description);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
  }
  return missing.sort();
}

describe('schema descriptions', () => {
  it('every type, field, argument, input field and enum value has a description', () => {
    expect(undescribed(schema)).toEqual([]);
  });

  it('the check itself notices a missing description', async () => {
    const { buildSchema } = await import('graphql');
    const bare = buildSchema('"""Root."""\ntype Query { """Has one."""\na(x: Int): E\nb: Int }\n"""E."""\nenum E { """One."""\nONE TWO }');
    expect(undescribed(bare)).toEqual(['E.TWO', 'Query.a(x:)', 'Query.b']);
  });
});

// Connecting without Packr's own UI, and what each integration offers: Trackstar's magic links
// (`/magic-links*`) and integration catalogue (`/integrations/{integration_type}[/{integration_name}]`),
// as zod schemas shared by Packr and the sandbox. Same leniency rules as contract.ts.
import { z } from 'zod';
import { DateTime, INTEGRATION_TYPES, READ_FUNCTIONS, SYNC_FUNCTIONS, WRITE_FUNCTIONS } from './contract.js';

/**
 * Function names Trackstar documents (`functions_to_sync`, `available_actions`), the vocabulary
 * of `integrations_with_endpoints`. The write names are only partly in SPEC [L] (see contract.ts).
 */
export const KNOWN_FUNCTIONS: readonly string[] = [...new Set<string>([...READ_FUNCTIONS, ...SYNC_FUNCTIONS, ...WRITE_FUNCTIONS])];

// ---- magic links ---------------------------------------------------------------------------------

/** POST /magic-links body (`MagicLinkInputSchema`; no other keys allowed). */
export const MagicLinkInputSchema = z.strictObject({
  connection_id: z.string().nullable().optional(),
  integration_allow_list: z.array(z.string()).optional(),
  integration_block_list: z.array(z.string()).optional(),
  integrations_with_endpoints: z.array(z.string()).optional(),
  integration_type: z.enum(INTEGRATION_TYPES).optional(),
  /** Days the link stays usable; Trackstar's default is 7. */
  link_duration: z.int().optional(),
  customer_id: z.string().nullable().optional(),
});
export type MagicLinkInput = z.infer<typeof MagicLinkInputSchema>;

/**
 * `MagicLink`. SPEC (Oct 2025) has no URL field; newer official material says the customer
 * "opens the returned URL" [M], so `url` is read when present and is null otherwise.
 */
export const MagicLinkSchema = z.looseObject({
  id: z.string().min(1),
  expires_at: DateTime,
  integration_type: z.string(),
  integration_allow_list: z.array(z.string()).default([]),
  integration_block_list: z.array(z.string()).default([]),
  integrations_with_endpoints: z.array(z.string()).default([]),
  customer_id: z.string().nullable().default(null),
  url: z.string().nullable().default(null),
});
export type MagicLink = z.infer<typeof MagicLinkSchema>;

export const MagicLinkResponseSchema = z.looseObject({ magic_link: MagicLinkSchema });
export const MagicLinksResponseSchema = z.looseObject({ magic_links: z.array(MagicLinkSchema) });
/** `DeleteMagic_LinkResponse`. */
export const DeleteMagicLinkResponseSchema = z.looseObject({ id: z.string(), object: z.string(), deleted: z.boolean() });

// ---- integrations --------------------------------------------------------------------------------

export const INSTALL_METHODS = ['input', 'oauth'] as const;

export const ListOperationSchema = z.looseObject({
  action: z.string(), url: z.string(), implemented_fields: z.record(z.string(), z.unknown()).default({}),
});
export const WriteOperationSchema = z.looseObject({
  action: z.string(), url: z.string(),
  required_base_schema_fields: z.array(z.string()).default([]),
  optional_base_schema_fields: z.array(z.string()).default([]),
  integration_specific_fields: z.looseObject({
    properties: z.record(z.string(), z.unknown()).default({}), type: z.string(), required_fields: z.array(z.string()).optional(),
  }),
});

/** `IntegrationInfo`: one integration and the functions it implements. */
export const IntegrationInfoSchema = z.looseObject({
  integration_name: z.string().min(1),
  display_name: z.string(),
  install_method: z.string(),
  description: z.string().default(''),
  logo_url: z.string().default(''),
  write_operations: z.array(WriteOperationSchema).default([]),
  list_operations: z.array(ListOperationSchema).default([]),
  available_actions: z.array(z.string()),
});
export type IntegrationInfo = z.infer<typeof IntegrationInfoSchema>;

/** `IntegrationsResponseSchema` (both the list and the single-integration endpoint). */
export const IntegrationsResponseSchema = z.looseObject({ data: z.array(IntegrationInfoSchema) });

/** `/integrations` calls: one per minute per organization [M]. */
export const INTEGRATIONS_CALLS_PER_MINUTE = 1;

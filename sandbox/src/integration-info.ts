// GET /integrations/{integration_type}: the simulated integrations as `IntegrationInfo`, derived
// from what the sandbox really serves (each function's route, the record schemas' fields, the
// write bodies' required and optional fields), so the catalogue cannot drift from the behaviour.
import type { z } from 'zod';
import {
  AdjustInventoryBodySchema, CreateInboundShipmentBodySchema, CreateOrderBodySchema, CreateReturnBodySchema,
  CreateShipmentBodySchema, READ_FUNCTIONS, RESOURCES, ReceiveInboundShipmentBodySchema, UpdateOrderBodySchema,
  type ReadFunction, type WriteFunction,
} from '../../trackstar-contract/contract.js';
import type { Integration, SandboxFunction } from './integrations.js';

const WRITE_BODIES: Record<WriteFunction, z.ZodObject | null> = {
  create_order: CreateOrderBodySchema,
  update_order: UpdateOrderBodySchema,
  cancel_order: null,
  create_shipment: CreateShipmentBodySchema,
  adjust_inventory: AdjustInventoryBodySchema,
  create_inbound_shipment: CreateInboundShipmentBodySchema,
  receive_inbound_shipment: ReceiveInboundShipmentBodySchema,
  create_return: CreateReturnBodySchema,
};

const isRead = (fn: SandboxFunction): fn is ReadFunction => (READ_FUNCTIONS as readonly string[]).includes(fn);

function bodyFields(schema: z.ZodObject | null): { required: string[]; optional: string[] } {
  const required: string[] = [];
  const optional: string[] = [];
  for (const [name, field] of Object.entries(schema?.shape ?? {})) ((field as z.ZodType).safeParse(undefined).success ? optional : required).push(name);
  return { required, optional };
}

function implementedFields(fn: ReadFunction): Record<string, boolean> {
  const spec = Object.values(RESOURCES).find((r) => r.functionName === fn)!;
  const shape = (spec.schema as z.ZodObject).shape as Record<string, unknown>;
  return Object.fromEntries(Object.keys(shape).map((k) => [k, true]));
}

export function integrationInfo(integration: Integration, endpoints: Map<SandboxFunction, string>, publicUrl: string) {
  const served = integration.availableActions.filter((fn) => endpoints.has(fn));
  return {
    integration_name: integration.name,
    display_name: integration.displayName,
    install_method: 'input',
    description: `${integration.displayName}, simulated by the Trackstar sandbox: ${integration.availableActions.length} functions.`,
    logo_url: `${publicUrl}/sandbox/integrations/${encodeURIComponent(integration.name)}/logo.svg`,
    write_operations: served.filter((fn) => !isRead(fn)).map((fn) => {
      const { required, optional } = bodyFields(WRITE_BODIES[fn as WriteFunction]);
      return {
        action: fn, url: endpoints.get(fn)!, required_base_schema_fields: required, optional_base_schema_fields: optional,
        integration_specific_fields: { properties: {}, type: 'object', required_fields: [] },
      };
    }),
    list_operations: served.filter(isRead).map((fn) => ({ action: fn, url: endpoints.get(fn)!, implemented_fields: implementedFields(fn) })),
    available_actions: [...integration.availableActions],
  };
}

/** A small generated logo (the catalogue's logo_url must point at something real). */
export function logoSvg(integration: Integration): string {
  const initials = integration.displayName.replace(/\(.*\)/, '').trim().slice(0, 2).toUpperCase();
  return `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64" role="img" aria-label="${integration.displayName}"><rect width="64" height="64" rx="12" fill="#1f4b99"/><text x="32" y="40" font-family="system-ui,sans-serif" font-size="24" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
}

// The 3PL's Link filter (integrationsWithEndpoints) and Trackstar's WMS catalogue measured against
// it: OWNER and ADMIN read and set which Trackstar functions every brand's WMS must support; Link
// (the dashboard's and connect links') then offers only integrations with all of them.
import { DEFAULT_REQUIRED_FUNCTIONS, FILTERABLE_FUNCTIONS, integrationFilterOf, missingFunctions, setIntegrationFilter, type IntegrationFilter } from '../../services/integration-filter.js';
import { wmsIntegrations, type WmsCatalogue, type WmsIntegration } from '../../services/wms-integrations.js';
import { builder } from '../builder.js';
import { viewerOf } from '../scope.js';
import { answer } from '../service-errors.js';

const IntegrationFilterRef = builder.objectRef<IntegrationFilter>('IntegrationFilter').implement({
  description: "The 3PL's Link filter: Trackstar functions every brand's WMS must support. Link offers only integrations that implement all of them.",
  fields: (t) => ({
    integrationsWithEndpoints: t.exposeStringList('integrationsWithEndpoints', { description: 'The required Trackstar functions (e.g. "get_orders"); empty means every integration is offered.' }),
    isDefault: t.exposeBoolean('isDefault', { description: 'True when the 3PL has not set it: the default (what Packr syncs) applies.' }),
    defaultFunctions: t.stringList({ description: "The default: the read function of every resource Packr syncs.", resolve: () => [...DEFAULT_REQUIRED_FUNCTIONS] }),
    availableFunctions: t.stringList({ description: 'Every function name the filter may hold.', resolve: () => [...FILTERABLE_FUNCTIONS] }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true, description: 'When the 3PL last set it; null while the default applies.' }),
  }),
});

type CatalogueEntry = WmsIntegration & { missing: string[] };

const TrackstarIntegrationRef = builder.objectRef<CatalogueEntry>('TrackstarIntegration').implement({
  description: "A WMS integration Trackstar offers, and whether it passes the 3PL's Link filter.",
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Trackstar\'s integration_name (e.g. "shiphero").' }),
    displayName: t.exposeString('displayName', { description: 'The name people know it by.' }),
    description: t.exposeString('description', { description: "Trackstar's description of it." }),
    logoUrl: t.exposeString('logoUrl', { description: 'Its logo, as Trackstar serves it.' }),
    availableActions: t.exposeStringList('availableActions', { description: 'Trackstar functions it implements.' }),
    offered: t.boolean({ description: "True when it implements every function of the 3PL's filter, so Link offers it.", resolve: (i) => i.missing.length === 0 }),
    missingFunctions: t.exposeStringList('missing', { description: "Functions of the 3PL's filter it lacks; empty when offered." }),
  }),
});

const CatalogueRef = builder.objectRef<WmsCatalogue & { entries: CatalogueEntry[] }>('TrackstarIntegrationCatalogue').implement({
  description: "Trackstar's WMS integrations (GET /integrations/wms), cached: Trackstar allows one such call a minute.",
  fields: (t) => ({
    integrations: t.field({ type: [TrackstarIntegrationRef], description: "Every WMS integration, in Trackstar's order.", resolve: (c) => c.entries }),
    fetchedAt: t.expose('fetchedAt', { type: 'DateTime', description: 'When Packr fetched the list from Trackstar.' }),
    stale: t.exposeBoolean('stale', { description: 'True when a refresh was due but not possible (rate limit or Trackstar error): this is the last list Packr got.' }),
  }),
});

builder.queryField('integrationFilter', (t) =>
  t.field({
    type: IntegrationFilterRef,
    authScopes: { manager: true },
    description: "The caller's 3PL's Link filter. OWNER and ADMIN only.",
    resolve: (_root, _args, ctx) => integrationFilterOf(viewerOf(ctx).threePLId),
  }),
);

builder.queryField('wmsIntegrations', (t) =>
  t.field({
    type: CatalogueRef,
    authScopes: { manager: true },
    description: "Trackstar's WMS integrations, each marked with whether it passes the 3PL's Link filter. OWNER and ADMIN only.",
    resolve: async (_root, _args, ctx) => {
      const [catalogue, filter] = await Promise.all([answer(() => wmsIntegrations()), integrationFilterOf(viewerOf(ctx).threePLId)]);
      const entries = catalogue.integrations.map((i) => ({ ...i, missing: missingFunctions(i.availableActions, filter.integrationsWithEndpoints) }));
      return { ...catalogue, entries };
    },
  }),
);

builder.mutationField('updateIntegrationFilter', (t) =>
  t.field({
    type: IntegrationFilterRef,
    authScopes: { manager: true },
    description: "Sets the 3PL's Link filter for every brand (new Link sessions and new connect links). Unknown function names are refused (BAD_USER_INPUT, naming the valid ones). OWNER and ADMIN only.",
    args: {
      integrationsWithEndpoints: t.arg.stringList({
        description: 'The Trackstar functions to require; an empty list requires none (every integration is offered); null goes back to the default.',
      }),
    },
    resolve: (_root, args, ctx) => answer(() => setIntegrationFilter(viewerOf(ctx).threePLId, args.integrationsWithEndpoints ?? null)),
  }),
);

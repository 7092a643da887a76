// What the dashboard needs to know about this installation, e.g. which Link modal to load.
import { env, isTrackstarSandbox } from '../../env.js';
import { builder } from '../builder.js';

type AppConfig = { trackstarSandbox: boolean; trackstarLinkScriptUrl: string | null; trackstarConfigured: boolean };

const AppConfigRef = builder.objectRef<AppConfig>('AppConfig').implement({
  description: 'How this Packr installation is set up, as far as a client needs to know (e.g. which Trackstar Link script to load).',
  fields: (t) => ({
    trackstarConfigured: t.exposeBoolean('trackstarConfigured', {
      description: 'Whether a Trackstar base URL and API key are configured.',
    }),
    trackstarSandbox: t.exposeBoolean('trackstarSandbox', {
      description: "True when Packr talks to the Trackstar sandbox instead of Trackstar's production API.",
    }),
    trackstarLinkScriptUrl: t.exposeString('trackstarLinkScriptUrl', {
      nullable: true,
      description: "The sandbox's Link script (same contract as Trackstar's main.js); null for real Trackstar.",
    }),
  }),
});

builder.queryField('appConfig', (t) =>
  t.field({
    type: AppConfigRef,
    authScopes: { authenticated: true },
    description: "This installation's client-relevant settings. Any valid key.",
    resolve: () => {
      const sandbox = isTrackstarSandbox(env);
      const base = env.TRACKSTAR_PUBLIC_URL ?? env.TRACKSTAR_BASE_URL;
      return {
        trackstarConfigured: Boolean(env.TRACKSTAR_BASE_URL && env.TRACKSTAR_API_KEY),
        trackstarSandbox: sandbox,
        trackstarLinkScriptUrl: sandbox && base ? `${base.replace(/\/$/, '')}/link/main.js` : null,
      };
    },
  }),
);

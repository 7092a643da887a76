// Loads a Trackstar Link script (the sandbox's /link/main.js, same contract as Trackstar's own
// main.js) once per URL and resolves with the `window.Trackstar` global it defines.

export type TrackstarLinkConfig = {
  getLinkToken: () => Promise<string>;
  onSuccess: (authCode: string, integrationName: string, close?: () => void) => void;
  onClose?: () => void;
  onLoad?: () => void;
  sandbox?: boolean;
  /** Trackstar functions an integration must implement to be offered (the 3PL's Link filter). */
  integrationsWithEndpoints?: string[];
};

export type TrackstarGlobal = {
  init(config: TrackstarLinkConfig): void;
  open(options?: { integrationId?: string }): void;
  close?(): void;
  state: { isLoaded: boolean };
};

const loading = new Map<string, Promise<TrackstarGlobal>>();

export function loadLinkScript(url: string): Promise<TrackstarGlobal> {
  const known = loading.get(url);
  if (known) return known;
  const promise = new Promise<TrackstarGlobal>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onload = () => {
      const global = (window as unknown as { Trackstar?: TrackstarGlobal }).Trackstar;
      if (global) resolve(global);
      else reject(new Error('The Link script loaded but did not define window.Trackstar'));
    };
    script.onerror = () => reject(new Error(`Could not load the Link script from ${url}`));
    document.head.appendChild(script);
  });
  // A failed load may be retried (the sandbox may have been down).
  promise.catch(() => loading.delete(url));
  loading.set(url, promise);
  return promise;
}

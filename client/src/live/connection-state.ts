// The state of the live (WebSocket) connection, as a tiny external store for the header indicator.
export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

type Listener = () => void;

export function createLiveStatusStore(initial: LiveStatus = 'connecting') {
  let status: LiveStatus = initial;
  let everConnected = false;
  const listeners = new Set<Listener>();
  const set = (next: LiveStatus) => {
    if (next === status) return;
    status = next;
    listeners.forEach((l) => l());
  };
  return {
    get: () => status,
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connecting: () => set(everConnected ? 'reconnecting' : 'connecting'),
    connected: () => {
      everConnected = true;
      set('connected');
    },
    closed: () => set(everConnected ? 'reconnecting' : 'connecting'),
    offline: () => set('offline'),
  };
}

export type LiveStatusStore = ReturnType<typeof createLiveStatusStore>;

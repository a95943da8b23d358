/**
 * The browser-mode twin of the preload: defines `window.api` (invoke / on) over a loopback HTTP
 * bridge. Served as a classic script before the renderer's module, so the renderer sees the same
 * API as in Electron. The token arrives once in the URL fragment and is kept in sessionStorage.
 */
export const bridgeScript = `(() => {
  'use strict';
  const params = new URLSearchParams(location.hash.slice(1));
  let token = params.get('token');
  if (token) {
    sessionStorage.setItem('rva.token', token);
    history.replaceState(null, '', location.pathname + location.search);
  } else {
    token = sessionStorage.getItem('rva.token') || '';
  }
  let client = sessionStorage.getItem('rva.client');
  if (!client) {
    client = crypto.randomUUID();
    sessionStorage.setItem('rva.client', client);
  }
  const listeners = new Map();
  let source = null;
  function ensureSource() {
    if (source) return;
    source = new EventSource('/__events?token=' + encodeURIComponent(token) + '&client=' + encodeURIComponent(client));
    source.onmessage = (message) => {
      let parsed;
      try { parsed = JSON.parse(message.data); } catch { return; }
      const set = listeners.get(parsed.key);
      if (set) for (const listener of Array.from(set)) listener(parsed.payload);
    };
  }
  const api = {
    async invoke(key, input) {
      try {
        const response = await fetch('/__ipc/' + encodeURIComponent(key), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-rva-token': token, 'x-rva-client': client },
          body: JSON.stringify(input === undefined ? {} : input),
        });
        return await response.json();
      } catch {
        return { ok: false, error: { code: 'internal', message: 'errors.transport' } };
      }
    },
    on(key, listener) {
      ensureSource();
      if (!listeners.has(key)) listeners.set(key, new Set());
      listeners.get(key).add(listener);
      return () => { listeners.get(key)?.delete(listener); };
    },
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api), writable: false, configurable: false });
})();
`;

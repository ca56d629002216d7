// The server's push channel (/api/v1/live, a WebSocket with the session cookie): `useLive(type, f)`
// calls f whenever an event of that type arrives while the page is open, e.g. to read a list again.
import { useEffect, useRef } from 'react';

export function useLive(type: string | null, onEvent: () => void) {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => {
    if (type === null) return;
    const url = new URL('/api/v1/live', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    ws.onmessage = (e) => {
      if (JSON.parse(e.data).type === type) handler.current();
    };
    return () => ws.close();
  }, [type]);
}

// The one way a page reads from the server: `useApi(path)` loads it, keeps the answer and the
// problem, and drops a reply that arrives after the page asked for something else (the viewer moved
// to another week or client): an older answer never paints over a newer one. `reload()` asks again;
// a null path asks for nothing (not allowed, or not ready yet).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function useApi<T>(path: string | null, failure = 'Could not load this.'): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const ticket = ++latest.current;
    setLoading(true);
    api<T>('GET', path)
      .then((answer) => {
        if (ticket !== latest.current) return;  // a newer request is on its way: this reply is stale
        setData(answer);
        setError(null);
      })
      .catch((e: unknown) => {
        if (ticket !== latest.current) return;
        setError(e instanceof ApiError ? e.detail : failure);
      })
      .finally(() => {
        if (ticket === latest.current) setLoading(false);
      });
  }, [path, round, failure]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, loading, reload };
}

// The one way a page reads from the server. `useApi(path)` loads one path; `useLoad(key, load)`
// runs a loader that asks for several things at once (a chart's visits and notes), named by a key
// that changes when what it asks for changes. Both keep the answer and the problem, and drop a reply
// that arrives after the page asked for something else (the viewer moved to another week or client,
// or typed another letter of a search): an older answer never paints over a newer one. `reload()`
// asks again and keeps showing the last answer meanwhile; `every` asks again on a timer (a waiting
// room); `set(answer)` shows what a save returned without asking again; a null key or path asks for
// nothing (not allowed, or not ready yet).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api';
import type { Page } from '../types';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
  /** Show this answer now (what a save returned), dropping any reply still on its way. */
  set: (data: T) => void;
}

export interface LoadOptions {
  /** Ask again this often (milliseconds) while the page is open. */
  every?: number;
}

export function useLoad<T>(key: string | null, load: () => Promise<T>, failure = 'Could not load this.',
  options: LoadOptions = {}): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(key !== null);
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  // The loader is read when the key or round changes, not on every render: a page's inline loader
  // is a new function each time it renders, and asking again for that would loop.
  const loader = useRef(load);
  useEffect(() => {
    loader.current = load;  // runs before the effect below in the same commit
  });
  useEffect(() => {
    if (key === null) {
      latest.current++;  // an answer still on its way belongs to the old key
      setLoading(false);
      return;
    }
    const ticket = ++latest.current;
    setLoading(true);
    loader.current()
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
  }, [key, round, failure]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((answer: T) => {
    latest.current++;
    setData(answer);
    setError(null);
    setLoading(false);
  }, []);
  const every = options.every;
  useEffect(() => {
    if (key === null || !every) return;
    const timer = window.setInterval(reload, every);
    return () => window.clearInterval(timer);
  }, [key, every, reload]);
  return { data, error, loading, reload, set };
}

export function useApi<T>(path: string | null, failure = 'Could not load this.', options: LoadOptions = {}): Loaded<T> {
  return useLoad<T>(path, () => api<T>('GET', path!), failure, options);
}

export interface Paged<T> {
  items: T[] | undefined;
  error: string | null;
  /** There is another page ("Show more"). */
  hasMore: boolean;
  more: () => Promise<void>;
  reload: () => void;
}

/** A list the server pages with a cursor: the first page follows `path`; `more()` appends the next
 *  page of the same list, and a page that arrives after the path changed is dropped. */
export function usePaged<T>(path: string | null, failure = 'Could not load this.'): Paged<T> {
  const first = useApi<Page<T>>(path, failure);
  const [extra, setExtra] = useState<{ path: string; items: T[]; next: string | null } | null>(null);
  const [moreError, setMoreError] = useState<string | null>(null);
  const own = extra !== null && extra.path === path && first.data !== undefined ? extra : null;
  const next = own ? own.next : first.data?.next ?? null;
  const more = useCallback(async () => {
    if (!path || !next) return;
    try {
      const r = await api<Page<T>>('GET', `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(next)}`);
      setExtra((old) => ({ path, items: [...(old?.path === path ? old.items : []), ...r.items], next: r.next }));
      setMoreError(null);
    } catch (e) {
      setMoreError(e instanceof ApiError ? e.detail : failure);
    }
  }, [path, next, failure]);
  const reload = first.reload;
  const items = first.data && [...first.data.items, ...(own?.items ?? [])];
  return { items, error: first.error ?? moreError, hasMore: next !== null, more, reload };
}

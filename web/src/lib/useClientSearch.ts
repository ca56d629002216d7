// A client pick list that searches on the server as the person types (names, birth date, phone),
// keeps the chosen client in the list while the search moves on, and knows a client chosen before
// the dialog opened (from a chart or the waitlist) even when the first page of results does not
// hold them.
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { ClientRecord, Page } from '../types';
import { useApi } from './useApi';

export interface ClientSearch {
  search: string;
  setSearch: (q: string) => void;
  options: ClientRecord[];
  picked: ClientRecord | undefined;
}

export function useClientSearch(active: boolean, pickedId: string | null): ClientSearch {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const found = useApi<Page<ClientRecord>>(active ? `/api/v1/clients?q=${encodeURIComponent(debounced)}` : null).data?.items;
  const inResults = pickedId ? found?.find((c) => c.id === pickedId) : undefined;
  const [remembered, setRemembered] = useState<ClientRecord | undefined>(undefined);
  // Remember the chosen client's record while it is in view (React's "adjust state while
  // rendering" pattern: no effect, no extra paint).
  if (inResults && inResults !== remembered) setRemembered(inResults);
  const known = inResults ?? (remembered?.id === pickedId ? remembered : undefined);
  const direct = useApi<ClientRecord>(active && pickedId && found && !known ? `/api/v1/clients/${pickedId}` : null).data;
  const picked = known ?? (direct?.id === pickedId ? direct : undefined);
  const options = [...(picked ? [picked] : []), ...(found ?? []).filter((c) => c.id !== pickedId)];
  return { search, setSearch, options, picked };
}

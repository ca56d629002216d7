import { AppShell, Badge, Burger, Button, Group, Loader, NavLink, Text, TextInput } from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { Suspense, useRef } from 'react';
import { NavLink as RouterLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { type Me, roleLabels, can } from '../api';
import { useApi } from '../lib/useApi';
import { useLive } from '../lib/useLive';

// Each area is listed only for those whose permissions (from the server's policy table) can use it.
const nav: { to: string; label: string; action?: string }[] = [
  { to: '/', label: 'Today' },
  { to: '/calendar', label: 'Calendar' },
  { to: '/clients', label: 'Clients' },
  { to: '/clinicians', label: 'Clinicians' },
  { to: '/waiting-room', label: 'Waiting room', action: 'telehealth.join' },
  { to: '/notes', label: 'Notes', action: 'notes.read' },
  { to: '/messages', label: 'Messages', action: 'messages.read' },
  { to: '/billing', label: 'Billing', action: 'coding.preview' },
  { to: '/payouts', label: 'Payouts', action: 'payouts.run' },
  { to: '/my-pay', label: 'My pay', action: 'payouts.ask' },
  { to: '/settings', label: 'Settings' },
];

// Conversations with unread messages, on the Messages link: again on every new message and each minute. Its
// own component, so that its updates repaint the badge only, never the page in the frame (a drag in the
// calendar survives them).
function UnreadBadge() {
  const unread = useApi<{ count: number }>('/api/v1/threads/unread', undefined, { every: 60_000 });
  useLive('message.new', unread.reload);
  const n = unread.data?.count ?? 0;
  return n > 0 ? <Badge size="sm" color="teal.9" aria-label={`${n} with unread messages`}>{n}</Badge> : null;
}

export function Shell({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const [opened, { toggle, close }] = useDisclosure();
  const search = useRef<HTMLInputElement>(null);
  const location = useLocation();
  const navigate = useNavigate();
  // "/" focuses the client search from anywhere (UX.md keyboard conventions).
  useHotkeys([['/', () => search.current?.focus()]]);


  return (
    <AppShell header={{ height: me.user.is_demo ? 88 : 60 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        {me.user.is_demo && (
          <Text role="note" ta="center" fz="sm" fw={700} bg="yellow.3" c="dark.9" py={4} data-testid="demo-banner">
            DEMO — synthetic data only. Do not enter real client information.
          </Text>
        )}
        <Group h={60} px={{ base: 'xs', sm: 'md' }} gap="xs" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Open navigation" />
            <Text fw={800} fz="lg">Duet</Text>
            <Text c="dimmed" fz="sm" visibleFrom="md">{me.practice.name}</Text>
          </Group>
          <form role="search" onSubmit={(e) => {
            e.preventDefault();
            const q = search.current?.value.trim() ?? '';
            navigate(q ? `/clients?q=${encodeURIComponent(q)}` : '/clients');
          }}>
            <TextInput ref={search} aria-label="Find a client" placeholder="Find a client (press /)" w={{ base: 124, sm: 280 }} />
          </form>
          <Group gap="xs" wrap="nowrap">
            <Badge variant="light" visibleFrom="sm">{roleLabels[me.user.role] ?? me.user.role}</Badge>
            <Button variant="subtle" px={{ base: 6, sm: 'md' }} onClick={onSignOut}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {nav.filter((item) => !item.action || can(me, item.action)).map((item) => (
          <NavLink key={item.to} component={RouterLink} to={item.to} label={item.label} onClick={close} variant="filled"
            rightSection={item.to === '/messages' ? <UnreadBadge /> : undefined}
            active={item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to)} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main component="main">
        {/* Each page is its own chunk: the frame stays while one loads. */}
        <Suspense fallback={<Loader aria-label="Loading" />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

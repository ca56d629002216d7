import { Alert, Anchor, Button, Group, Modal, Select, Skeleton, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { DateInput } from '../lib/dateInput';
import { type FormEvent, useEffect, useState } from 'react';
import { api, ApiError, type FieldError, type Me, can } from '../api';
import { useSearchParams } from 'react-router-dom';
import { NoteTemplates } from '../components/notes/TemplateEditor';
import { PayersSettings } from '../components/billing/PayersSettings';
import { ApiTokens } from '../components/settings/ApiTokens';
import { IntakeForms } from '../components/settings/IntakeForms';
import { Partners } from '../components/settings/Partners';
import { People } from '../components/settings/People';
import { Services } from '../components/settings/Services';
import { COMPACTS, STATE_NAMES } from '../lib/states';
import { localToday } from '../lib/scheduling';
import { fmtDate } from '../lib/format';
import { useApi } from '../lib/useApi';
import type { Page } from '../types';

interface CompactRow {
  compact: string;
  state: string;
  status: string;
  operational_on: string | null;
  source: string;
  as_of: string;
}

// Settings in tabs kept in the address (Back and refresh keep the place): People and Services for the owner,
// the compact table, and note templates for those who write notes.
export function Settings({ me }: { me: Me }) {
  const [params, setParams] = useSearchParams();
  const isOwner = can(me, 'users.manage');
  const writesNotes = can(me, 'notes.templates');
  const keepsPayers = can(me, 'payers.write');
  const keepsServices = can(me, 'services.write');
  const keepsForms = can(me, 'intake.manage');
  const tabs = [...(isOwner ? ['people'] : []), ...(keepsServices ? ['services'] : []), ...(keepsForms ? ['forms'] : []), ...(keepsPayers ? ['payers'] : []), 'compacts', ...(writesNotes ? ['templates'] : []),
    ...(isOwner ? ['tokens', 'partners'] : [])];
  const tab = tabs.includes(params.get('tab') ?? '') ? params.get('tab')! : tabs[0];
  return (
    <Stack>
      <Title order={1} size="h2">Settings</Title>
      <Tabs value={tab} onChange={(v) => v && setParams({ tab: v })} keepMounted={false}>
        <Tabs.List>
          {isOwner && <Tabs.Tab value="people">People</Tabs.Tab>}
          {keepsServices && <Tabs.Tab value="services">Services</Tabs.Tab>}
          {keepsForms && <Tabs.Tab value="forms">Intake forms</Tabs.Tab>}
          {keepsPayers && <Tabs.Tab value="payers">Payers</Tabs.Tab>}
          <Tabs.Tab value="compacts">Interstate compacts</Tabs.Tab>
          {writesNotes && <Tabs.Tab value="templates">Note templates</Tabs.Tab>}
          {isOwner && <Tabs.Tab value="tokens">API tokens</Tabs.Tab>}
          {isOwner && <Tabs.Tab value="partners">Partner organizations</Tabs.Tab>}
        </Tabs.List>
        {isOwner && <Tabs.Panel value="people" pt="md"><People me={me} /></Tabs.Panel>}
        {keepsServices && <Tabs.Panel value="services" pt="md"><Services /></Tabs.Panel>}
        {keepsForms && <Tabs.Panel value="forms" pt="md"><IntakeForms /></Tabs.Panel>}
        {keepsPayers && <Tabs.Panel value="payers" pt="md"><PayersSettings me={me} /></Tabs.Panel>}
        <Tabs.Panel value="compacts" pt="md"><Compacts me={me} /></Tabs.Panel>
        {writesNotes && <Tabs.Panel value="templates" pt="md"><NoteTemplates /></Tabs.Panel>}
        {isOwner && <Tabs.Panel value="tokens" pt="md"><ApiTokens /></Tabs.Panel>}
        {isOwner && <Tabs.Panel value="partners" pt="md"><Partners /></Tabs.Panel>}
      </Tabs>
    </Stack>
  );
}

// Compact membership changes every legislative session; the owner keeps it current here, with a
// source and the date it was checked, and coverage follows at once.
function Compacts({ me }: { me: Me }) {
  const listed = useApi<Page<CompactRow>>('/api/v1/compacts', 'Could not load compacts.');
  const rows = listed.data?.items ?? null;
  const error = listed.error;
  const load = listed.reload;
  const [compact, setCompact] = useState<string>('COUNSELING');
  const [editing, setEditing] = useState<CompactRow | null>(null);
  const shown = (rows ?? []).filter((r) => r.compact === compact).sort((a, b) => a.state.localeCompare(b.state));
  const isOwner = can(me, 'compacts.write');

  return (
    <Stack>
      <Title order={2} size="h4">Interstate compacts</Title>
      <Text size="sm" c="dimmed">
        A compact privilege counts only in states where the compact is operational on the visit date. Enacted is not operational.
        {isOwner ? ' Record a change with its source when a commission announces it.' : ' The practice owner keeps this table current.'}
      </Text>
      {error && <Alert color="red" role="alert">{error}</Alert>}
      <Select label="Compact" w={300} data={Object.entries(COMPACTS).map(([value, label]) => ({ value, label }))} value={compact}
        onChange={(v) => v && setCompact(v)} />
      {!rows && !error && <Skeleton h={200} />}
      {rows && (
        <Table.ScrollContainer minWidth={480} type="native"><Table striped data-testid="compact-table">
          <Table.Thead>
            <Table.Tr><Table.Th>State</Table.Th><Table.Th>Operational since</Table.Th><Table.Th>Status</Table.Th><Table.Th>Source (as of)</Table.Th><Table.Th /></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.state}>
                <Table.Td>{STATE_NAMES[r.state] ?? r.state}</Table.Td>
                <Table.Td>{r.operational_on ? fmtDate(r.operational_on) : <Text span c="dimmed" size="sm">not operational</Text>}</Table.Td>
                <Table.Td><Text size="sm">{r.status}</Text></Table.Td>
                <Table.Td><Text size="xs" lineClamp={2}>{r.source} (as of {fmtDate(r.as_of)})</Text></Table.Td>
                <Table.Td>{isOwner && <Anchor component="button" onClick={() => setEditing(r)} aria-label={`Update ${STATE_NAMES[r.state] ?? r.state}`}>Update</Anchor>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table></Table.ScrollContainer>
      )}
      {isOwner && (
        <Group><Button variant="light" onClick={() => setEditing({ compact, state: '', status: '', operational_on: null, source: '', as_of: localToday() })}>Add a state</Button></Group>
      )}
      <CompactEdit row={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); load(); }} />
    </Stack>
  );
}

function CompactEdit({ row, onClose, onSaved }: { row: CompactRow | null; onClose: () => void; onSaved: () => void }) {
  const [state, setState] = useState('');
  const [operational, setOperational] = useState<string | null>(null);
  const [source, setSource] = useState('');
  const [asOf, setAsOf] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  useEffect(() => {
    if (!row) return;
    setState(row.state);
    setOperational(row.operational_on);
    setSource('');
    setAsOf(localToday());
    setErrors([]);
  }, [row]);
  const err = (f: string) => errors.find((e) => e.field === f)?.message;
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await api('PUT', `/api/v1/compacts/${row!.compact}/states/${state.toUpperCase()}`, { operational_on: operational, source, as_of: asOf });
      onSaved();
    } catch (x) {
      setErrors(x instanceof ApiError ? (x.errors.length ? x.errors : [{ field: '', message: x.detail }]) : []);
    }
  }
  return (
    <Modal closeButtonProps={{ 'aria-label': 'Close' }} opened={row !== null} onClose={onClose} title={row ? `${COMPACTS[row.compact]}: ${row.state ? STATE_NAMES[row.state] : 'add a state'}` : ''}>
      <form onSubmit={submit}>
        <Stack>
          {err('') && <Alert color="red" role="alert">{err('')}</Alert>}
          {!row?.state && <TextInput label="State code" maxLength={2} value={state} onChange={(e) => setState(e.currentTarget.value)} error={err('state')} />}
          <DateInput label="Operational since (leave empty if not yet issuing)" clearable clearButtonProps={{ 'aria-label': 'Clear the date' }} value={operational} onChange={setOperational} valueFormat="YYYY-MM-DD" />
          <TextInput label="Source" description="The commission's map, a statute or a notice" required value={source} onChange={(e) => setSource(e.currentTarget.value)} error={err('source')} />
          <DateInput label="Checked on" required value={asOf} onChange={setAsOf} valueFormat="YYYY-MM-DD" error={err('as_of')} />
          <Group justify="flex-end"><Button variant="subtle" onClick={onClose}>Cancel</Button><Button type="submit">Save</Button></Group>
        </Stack>
      </form>
    </Modal>
  );
}

// Writing a note: the visit's facts at the top (pre-filled, the same for both modes), the template's
// sections below, saved as you type (a second after the last change, or Ctrl+S), signed and locked
// when complete; addenda and the supervisor's co-signature on signed notes.
import { Alert, Badge, Button, Card, Checkbox, Group, SimpleGrid, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ApiError } from '../api';
import { FieldInput } from '../components/notes/FieldInput';
import { type FieldValue, type Note, type Template, when } from '../lib/notes';
import { STATE_NAMES } from '../lib/states';
import { fmtDate, fmtTime } from '../lib/format';
import { useApi } from '../lib/useApi';

const MODE = { in_person: 'In person', video: 'Video', audio: 'Audio only' } as Record<string, string>;

function VisitFacts({ visit }: { visit: Note['visit'] }) {
  if (!visit.date) return <Text size="sm" c="dimmed">Not tied to a visit.</Text>;
  const fact = (label: string, v: unknown) => (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm">{v === null || v === undefined || v === '' ? '—' : String(v)}</Text>
    </div>
  );
  const time = (s: unknown) => (typeof s === 'string' ? s.replace(/^.*T(\d\d:\d\d).*$/, '$1') : s);
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="visit-facts">
      {fact('Date', visit.date)}
      {fact('Time', `${time(visit.start)}–${time(visit.end)} (${visit.time_zone})`)}
      {fact('Booked as', MODE[String(visit.mode)])}
      {fact('Delivered', visit.delivered_mode ? MODE[String(visit.delivered_mode)] : 'not yet')}
      {fact('Place', visit.place)}
      {visit.platform !== undefined && fact('Platform', visit.platform)}
      {visit.client_stated_state !== undefined && fact('Client located in', visit.client_stated_state ? STATE_NAMES[String(visit.client_stated_state)] ?? visit.client_stated_state : 'not stated')}
      {visit.minutes !== undefined && fact('Minutes', visit.minutes)}
      {visit.telehealth_consent !== undefined && fact('Telehealth consent', visit.telehealth_consent ?? 'not on file')}
    </SimpleGrid>
  );
}

export function NoteEditor() {
  const { id } = useParams();
  const [note, setNote] = useState<Note | null>(null);
  const [content, setContent] = useState<Record<string, FieldValue>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string>('');
  const [problem, setProblem] = useState<string | null>(null);
  const [addendum, setAddendum] = useState('');
  // Whose note this is, in the header (name and date of birth, the usual two identifiers).
  const client = useApi<{ given_name: string; family_name: string; preferred_name: string; birth_date: string }>(
    note ? `/api/v1/clients/${note.client_id}` : null).data ?? null;
  // The note keeps the template version it was written with, even after the practice adapts it.
  const written = useApi<Template>(note ? `/api/v1/note-templates/${encodeURIComponent(note.template.key)}?version=${note.template.version}` : null,
    'The note could not be opened.');
  const template = written.data ?? null;
  const dirty = useRef(false);
  const version = useRef(0);
  const timer = useRef(0);
  const latest = useRef<Record<string, FieldValue>>({});

  const accept = (n: Note) => {
    setNote(n);
    version.current = n.version;
  };

  // The note seeds the editor once per note (saves then move it on), so it is read here rather than
  // through useApi; a reply for a note the person has already left is dropped.
  useEffect(() => {
    let live = true;
    api<Note>('GET', `/api/v1/notes/${id}`)
      .then((n) => {
        if (!live) return;
        accept(n);
        setContent(n.content ?? {});
        latest.current = n.content ?? {};
      })
      .catch((e) => live && setProblem(e instanceof ApiError ? e.detail : 'The note could not be opened.'));
    return () => {
      live = false;
    };
  }, [id]);

  const save = useCallback(async (next: Record<string, FieldValue>, keepalive = false) => {
    if (!dirty.current) return;
    dirty.current = false;
    setStatus('Saving…');
    try {
      const saved = await api<Note>('PUT', `/api/v1/notes/${id}`, { version: version.current, content: next }, { keepalive });
      accept(saved);
      setErrors({});
      setProblem(null);
      setStatus(`Saved ${fmtTime(new Date())}`);
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(Object.fromEntries(e.errors.map((f) => [f.field, f.message])));
        setStatus(e.status === 409 ? 'Not saved: the note changed in another window. Reload to continue.' : 'Not saved: check the fields marked.');
      } else setStatus('Not saved: the server cannot be reached. Your text stays here; it will be saved on the next change.');
      dirty.current = true;
    }
  }, [id]);

  const change = (name: string, v: FieldValue | undefined) => {
    const next = { ...content };
    if (v === undefined) delete next[name];
    else next[name] = v;
    setContent(next);
    latest.current = next;
    dirty.current = true;
    setStatus('Editing…');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void save(next), 1000);
  };

  useHotkeys([['mod+S', () => { window.clearTimeout(timer.current); void save(content); }]], []);
  // Leaving the note never loses what was typed: the pending save goes now (on another page of the
  // app, or as the tab closes), and closing the tab with unsaved text asks first.
  useEffect(() => {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (!dirty.current) return;
      window.clearTimeout(timer.current);
      void save(latest.current, true);
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      window.clearTimeout(timer.current);
      if (dirty.current) void save(latest.current, true);
    };
  }, [save]);

  const sign = async () => {
    window.clearTimeout(timer.current);
    await save(content);
    try {
      accept(await api<Note>('POST', `/api/v1/notes/${id}/sign`, { version: version.current }));
      setErrors({});
      setStatus('');
      setProblem(null);
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(Object.fromEntries(e.errors.map((f) => [f.field, f.message])));
        setProblem(e.detail);
      }
    }
  };

  const act = async (path: string, body?: unknown) => {
    try {
      accept(await api<Note>('POST', `/api/v1/notes/${id}/${path}`, body));
      setProblem(null);
      setAddendum('');
    } catch (e) {
      setProblem(e instanceof ApiError ? e.detail : 'That did not work.');
    }
  };

  // A substance-use-disorder record (42 CFR Part 2): the author or the owner marks it; the care team and releases
  // then see it only where the client's consent names Part 2.
  const markPart2 = async (part2: boolean) => {
    try {
      accept(await api<Note>('PUT', `/api/v1/notes/${id}/part2`, { part2 }));
      setProblem(null);
    } catch (e) {
      setProblem(e instanceof ApiError ? e.detail : 'That did not work.');
    }
  };

  if (problem && !note) return <Alert color="red" role="alert">{problem}</Alert>;
  if (written.error) return <Alert color="red" role="alert">{written.error}</Alert>;
  if (!note || !template) return <Skeleton h={300} />;
  const locked = note.status === 'signed' || !note.can.edit;
  return (
    <Stack maw={960}>
      <Group justify="space-between" align="start">
        <div>
          <Title order={1} size="h2">{template.name}</Title>
          <Text fw={600} data-testid="note-client">
            {client ? `${client.given_name}${client.preferred_name ? ` "${client.preferred_name}"` : ''} ${client.family_name} · born ${fmtDate(client.birth_date)}` : 'Client'}
            {note.visit.date ? ` · visit ${String(note.visit.date)}${note.visit.mode ? `, ${MODE[String(note.visit.mode)]}` : ''}` : ''}
          </Text>
          <Text c="dimmed" size="sm">
            <Link to={`/clients/${note.client_id}`}>Back to the chart</Link> · by {note.author.name} · started {when(note.created_at)}
          </Text>
        </div>
        <Group>
          {note.kind === 'psychotherapy' && <Badge color="grape">Private psychotherapy note — only you can read it</Badge>}
          <Badge size="lg" color={note.status === 'signed' ? 'teal.9' : 'gray.8'}>{note.status}</Badge>
        </Group>
      </Group>
      <Card withBorder><VisitFacts visit={note.visit} /></Card>
      {note.kind === 'progress' && (
        <Checkbox label="Substance use disorder record (42 CFR Part 2): shared with the care team and released only under a consent that names Part 2"
          checked={note.part2} onChange={(e) => void markPart2(e.currentTarget.checked)} data-testid="note-part2" />
      )}
      {problem && <Alert color="red" role="alert">{problem}</Alert>}
      {template.sections.map((s) => (
        <Card withBorder key={s.id} component="section" aria-labelledby={`section-${s.id}`}>
          <Title order={2} size="h4" id={`section-${s.id}`} mb="sm">{s.title}</Title>
          <Stack>
            {s.fields.map((f) => {
              const name = `${s.id}.${f.id}`;
              return <FieldInput key={name} field={f} name={name} clientId={note.client_id} value={content[name]} error={errors[name]} readOnly={locked} onChange={(v) => change(name, v)} />;
            })}
          </Stack>
        </Card>
      ))}
      {!locked && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed" role="status" data-testid="save-status">{status || 'Changes save automatically.'}</Text>
          <Button onClick={sign}>Sign and lock</Button>
        </Group>
      )}
      {note.signature && (
        <Card withBorder data-testid="signature">
          <Text size="sm">Signed by <b>{note.signature.name}</b> on {when(note.signature.at)}</Text>
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>Content hash {note.signature.hash}</Text>
          {note.cosignature && <Text size="sm" mt="xs">Co-signed by <b>{note.cosignature.name}</b> on {when(note.cosignature.at)}</Text>}
          {note.cosign_required && !note.cosignature && <Text size="sm" mt="xs" c="orange.9">Waiting for the supervisor's co-signature.</Text>}
          {note.can.cosign && <Button mt="sm" onClick={() => act('cosign')}>Co-sign</Button>}
        </Card>
      )}
      {note.addenda.map((a) => (
        <Card withBorder key={a.id} data-testid="addendum">
          <Text size="xs" c="dimmed">Addendum by {a.author.name}, {when(a.created_at)}</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{a.text}</Text>
        </Card>
      ))}
      {note.can.addend && (
        <Card withBorder>
          <Textarea label="Add an addendum" autosize minRows={2} value={addendum} onChange={(e) => setAddendum(e.currentTarget.value)} />
          <Button mt="sm" variant="light" disabled={!addendum.trim()} onClick={() => act('addenda', { text: addendum.trim() })}>Add addendum</Button>
        </Card>
      )}
    </Stack>
  );
}

// A practice's public page (/p/{slug}, no sign-in; embeddable in the practice's website): its clinicians
// with the states where each sees clients by video, its services with fees, and "Book a first visit":
// what for, how, where the client will be, a time, then their details. The server decides every rule.
import { Alert, Anchor, Badge, Button, Card, Container, Group, Loader, Radio, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { api, ApiError } from '../api';
import { fmtDay, fmtTime, fmtVisit, money } from '../lib/format';
import { STATE_NAMES } from '../lib/states';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useLanguage, useT, w } from '../lib/i18n';
import { useApi } from '../lib/useApi';
import type { Page, PortalSlot, PublicPage as PageData } from '../types';

const MODE: Record<string, string> = { in_person: w('In person'), video: w('Video'), audio: w('Phone') };
const STATES = Object.entries(STATE_NAMES).map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const DISCIPLINES: Record<string, string> = {
  counseling: w('Counseling'), social_work: w('Social work'), psychology: w('Psychology'), mft: w('Marriage and family therapy'),
  psychiatry: w('Psychiatry'), psychiatric_np: w('Psychiatric nurse practitioner'), occupational_therapy: w('Occupational therapy'),
  physical_therapy: w('Physical therapy'), speech_language_pathology: w('Speech-language pathology'),
};

export function PublicPage() {
  const t = useT();
  const { language } = useLanguage();
  const { slug = '' } = useParams();
  const page = useApi<PageData>(`/api/v1/public/${slug}`, 'This page could not be found.');
  const [opened] = useState(() => Date.now());
  const [serviceId, setServiceId] = useState<string | null>(null);
  const [mode, setMode] = useState('');
  const [state, setState] = useState('');
  const [week, setWeek] = useState(0);
  const [slot, setSlot] = useState<PortalSlot | null>(null);
  const [form, setForm] = useState({ given_name: '', family_name: '', birth_date: '', email: '', phone: '', payment: 'insurance', website: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<{ start: string; clinician_name: string; mode: string; location_name: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const p = page.data;
  const firstVisits = (p?.services ?? []).filter((s) => s.new_clients);
  const service = firstVisits.find((s) => s.id === serviceId) ?? null;
  const from = useMemo(() => Date.now() + week * 7 * DAY, [week]);
  const ready = Boolean(service && mode && state);
  const slotsPath = ready ? `/api/v1/public/${slug}/slots?${new URLSearchParams({ service_id: serviceId!, mode, state, from: iso(from), to: iso(from + 7 * DAY) })}` : null;
  const slots = useApi<Page<PortalSlot>>(slotsPath, 'The open times could not be loaded.');

  if (page.error) return <Container size="sm" py="xl"><Alert color="red" role="alert">{t(page.error)}</Alert></Container>;
  if (!p) return <Container size="sm" py="xl"><Loader aria-label={t('Loading the page')} /></Container>;

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!service || !slot) return;
    setBusy(true);
    setErrors({});
    setProblem(null);
    try {
      const r = await api<{ start: string; clinician_name: string; mode: string; location_name: string | null }>('POST', `/api/v1/public/${slug}/intake-requests`, {
        ...form, state, service_id: service.id, mode, clinician_id: slot.clinician_id, start: slot.start, form_opened_ms: opened, language,
      });
      setDone(r);
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) setErrors(Object.fromEntries(err.errors.map((f) => [f.field, t(f.message)])));
      else setProblem(err instanceof ApiError ? t(err.detail) : t('The request was not sent. Try again.'));
      if (err instanceof ApiError && err.status === 409) { setSlot(null); slots.reload(); }
    } finally {
      setBusy(false);
    }
  };
  const byDay = new Map<string, PortalSlot[]>();
  for (const s of slots.data?.items ?? []) byDay.set(fmtDay(s.start), [...(byDay.get(fmtDay(s.start)) ?? []), s]);

  return (
    <Container size="md" py="lg" component="main">
      <Stack>
        <Title order={1}>{p.practice_name}</Title>
        <LanguageSwitch />
        <section aria-labelledby="who">
          <Title order={2} size="h3" id="who" mb="sm">{t('Our clinicians')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {p.clinicians.map((c) => (
              <Card key={c.id} withBorder padding="sm">
                <Text fw={700}>{c.name}</Text>
                <Text size="sm">{t(DISCIPLINES[c.discipline] ?? c.discipline)}</Text>
                <Text size="sm">{c.video_states.length ? t('By video in {states}', { states: c.video_states.map((s) => STATE_NAMES[s] ?? s).join(', ') }) : t('In person only')}</Text>
              </Card>
            ))}
          </SimpleGrid>
        </section>
        <section aria-labelledby="services">
          <Title order={2} size="h3" id="services" mb="sm">{t('Services and fees')}</Title>
          <Stack gap={4} component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
            {p.services.map((s) => (
              <Text component="li" key={s.id}>
                <b>{s.name}</b> ({s.duration_minutes} min) — {s.modes.map((m) => `${t(MODE[m] ?? m)} ${money(s.fees[m as 'in_person' | 'video' | 'audio'])}`).join(' · ')}
              </Text>
            ))}
          </Stack>
        </section>
        <section aria-labelledby="book">
          <Title order={2} size="h3" id="book" mb="sm">{t('Book a first visit')}</Title>
          {done ? (
            <Alert color="teal" role="status" title={t('You are booked')}>
              {fmtVisit(done.start)} · {done.location_name
                ? t('{mode} with {clinician} at {place}.', { mode: t(MODE[done.mode] ?? done.mode), clinician: done.clinician_name, place: done.location_name })
                : t('{mode} with {clinician}.', { mode: t(MODE[done.mode] ?? done.mode), clinician: done.clinician_name })}{' '}
              {t('The practice will contact you before the visit.')}
            </Alert>
          ) : !p.intake_open || firstVisits.length === 0 ? (
            <Text>{t('This practice is not taking first-visit requests online right now. Please call the practice.')}</Text>
          ) : (
            <Stack>
              <Radio.Group label={t('What for')} value={serviceId ?? ''} onChange={(id) => { setServiceId(id); setMode(firstVisits.find((s) => s.id === id)?.modes[0] ?? ''); setSlot(null); }}>
                <Stack gap="xs" mt="xs">{firstVisits.map((s) => <Radio key={s.id} value={s.id} label={`${s.name} (${s.duration_minutes} min)`} />)}</Stack>
              </Radio.Group>
              {service && (
                <Radio.Group label={t('How')} value={mode} onChange={(m) => { setMode(m); setSlot(null); }}>
                  <Stack gap="xs" mt="xs">{service.modes.map((m) => <Radio key={m} value={m} label={`${t(MODE[m] ?? m)} · ${money(service.fees[m as 'in_person' | 'video' | 'audio'])}`} />)}</Stack>
                </Radio.Group>
              )}
              {service && (
                <Select label={t('The state you will be in')} description={t('By video, the clinician must be licensed there.')} data={STATES} value={state || null}
                  onChange={(v) => { setState(v ?? ''); setSlot(null); }} searchable />
              )}
              {ready && !slot && (
                <Stack gap="xs">
                  <Group justify="space-between">
                    <Button variant="default" disabled={week === 0} onClick={() => setWeek(week - 1)}>{t('Earlier')}</Button>
                    <Text fw={600}>{week === 0 ? t('The next 7 days') : t('From {day}', { day: fmtDay(from) })}</Text>
                    <Button variant="default" disabled={week >= 8} onClick={() => setWeek(week + 1)}>{t('Later')}</Button>
                  </Group>
                  {slots.error && <Alert color="red" role="alert">{t(slots.error)}</Alert>}
                  {slots.data && byDay.size === 0 && <Text>{mode !== 'in_person'
                    ? t('No open times this week for a visit from {state}. Try a later week.', { state: STATE_NAMES[state] ?? state })
                    : t('No open times this week. Try a later week.')}</Text>}
                  {[...byDay.entries()].map(([day, list]) => (
                    <Stack key={day} gap={6} component="section" aria-label={day}>
                      <Text fw={700}>{day}</Text>
                      <Group gap="xs">
                        {list.map((s) => (
                          <Button key={`${s.clinician_id}-${s.start}`} variant="outline" color="teal.9" onClick={() => setSlot(s)}
                            aria-label={s.location_name
                              ? t('{when} with {clinician} at {place}', { when: fmtVisit(s.start), clinician: s.clinician_name, place: s.location_name })
                              : t('{when} with {clinician}', { when: fmtVisit(s.start), clinician: s.clinician_name })}>{fmtTime(s.start)}</Button>
                        ))}
                      </Group>
                    </Stack>
                  ))}
                </Stack>
              )}
              {slot && service && (
                <form onSubmit={send}>
                  <Stack>
                    <Badge size="lg" variant="outline" color="dark">{fmtVisit(slot.start)} · {t('{mode} with {clinician}', { mode: t(MODE[mode] ?? mode), clinician: slot.clinician_name })} · {money(service.fees[mode as 'in_person' | 'video' | 'audio'])}</Badge>
                    <Anchor component="button" type="button" onClick={() => setSlot(null)} underline="always">{t('Choose another time')}</Anchor>
                    {problem && <Alert color="red" role="alert">{problem}</Alert>}
                    <Group grow>
                      <TextInput label={t('First name')} required autoComplete="given-name" value={form.given_name} error={errors.given_name} onChange={(e) => setForm({ ...form, given_name: e.currentTarget.value })} />
                      <TextInput label={t('Last name')} required autoComplete="family-name" value={form.family_name} error={errors.family_name} onChange={(e) => setForm({ ...form, family_name: e.currentTarget.value })} />
                    </Group>
                    <TextInput label={t('Date of birth')} type="date" required value={form.birth_date} error={errors.birth_date} onChange={(e) => setForm({ ...form, birth_date: e.currentTarget.value })} />
                    <TextInput label={t('E-mail')} type="email" required autoComplete="email" value={form.email} error={errors.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} />
                    <TextInput label={t('Phone')} type="tel" autoComplete="tel" value={form.phone} error={errors.phone} onChange={(e) => setForm({ ...form, phone: e.currentTarget.value })} />
                    <Radio.Group label={t('How you will pay')} value={form.payment} onChange={(v) => setForm({ ...form, payment: v })}>
                      <Group mt="xs"><Radio value="insurance" label={t('With insurance')} /><Radio value="self_pay" label={t('I will pay myself')} /></Group>
                    </Radio.Group>
                    {/* People never see this field; robots fill it. */}
                    <div style={{ position: 'absolute', left: '-10000px' }} aria-hidden="true">
                      <label>Website <input tabIndex={-1} autoComplete="off" value={form.website} onChange={(e) => setForm({ ...form, website: e.currentTarget.value })} /></label>
                    </div>
                    <Button type="submit" color="teal.9" size="md" loading={busy}>{t('Book this first visit')}</Button>
                  </Stack>
                </form>
              )}
            </Stack>
          )}
        </section>
        <Text size="sm">{t('In a crisis, call or text')} <Anchor href="tel:988" underline="always">988</Anchor> {t('or call 911.')}</Text>
      </Stack>
    </Container>
  );
}

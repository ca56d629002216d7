import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { api, ApiError, type Me, setCsrf, can } from './api';
import { IdleGuard } from './components/IdleGuard';
import { setFormatLocale } from './lib/format';
import { LanguageProvider } from './lib/i18n';
import { AcceptInvite } from './pages/AcceptInvite';
import { NotFound } from './pages/NotFound';
import { MfaEnroll } from './pages/MfaEnroll';
import { SignIn, SignInWithLink } from './pages/SignIn';

// The staff app and the client's portal are separate chunks: a client's first load carries no staff page,
// and the staff's none of the portal.
const Shell = lazy(() => import('./components/Shell').then((m) => ({ default: m.Shell })));
const Home = lazy(() => import('./pages/Home').then((m) => ({ default: m.Home })));
const Clients = lazy(() => import('./pages/Clients').then((m) => ({ default: m.Clients })));
const ClientChart = lazy(() => import('./pages/ClientChart').then((m) => ({ default: m.ClientChart })));
const Clinicians = lazy(() => import('./pages/Clinicians').then((m) => ({ default: m.Clinicians })));
const ClinicianProfile = lazy(() => import('./pages/ClinicianProfile').then((m) => ({ default: m.ClinicianProfile })));
const WaitingRoom = lazy(() => import('./pages/WaitingRoom').then((m) => ({ default: m.WaitingRoom })));
const Notes = lazy(() => import('./pages/Notes').then((m) => ({ default: m.Notes })));
const NoteEditor = lazy(() => import('./pages/NoteEditor').then((m) => ({ default: m.NoteEditor })));
const Settings = lazy(() => import('./pages/Settings').then((m) => ({ default: m.Settings })));
const Messages = lazy(() => import('./pages/Messages').then((m) => ({ default: m.Messages })));
const PortalHome = lazy(() => import('./portal/PortalHome').then((m) => ({ default: m.PortalHome })));

// The calendar (FullCalendar) loads on first use, keeping the first page small.
const Calendar = lazy(() => import('./pages/Calendar').then((m) => ({ default: m.Calendar })));
// Video visits load on first use too.
const VisitRoom = lazy(() => import('./pages/VisitRoom').then((m) => ({ default: m.VisitRoom })));
const JoinVisit = lazy(() => import('./pages/JoinVisit').then((m) => ({ default: m.JoinVisit })));
const FillMeasure = lazy(() => import('./pages/FillMeasure').then((m) => ({ default: m.FillMeasure })));
const PublicPage = lazy(() => import('./pages/PublicPage').then((m) => ({ default: m.PublicPage })));
const JoinAsPartner = lazy(() => import('./pages/JoinAsPartner').then((m) => ({ default: m.JoinAsPartner })));
const Billing = lazy(() => import('./pages/Billing').then((m) => ({ default: m.Billing })));
const Payouts = lazy(() => import('./pages/Payouts').then((m) => ({ default: m.Payouts })));
const MyPay = lazy(() => import('./pages/MyPay').then((m) => ({ default: m.MyPay })));
const loading = <Center h="50vh"><Loader aria-label="Loading" /></Center>;

/** Where to go after signing in: back to an invitation that asked the person to sign in first, else home. */
function afterSignIn(): string {
  const next = sessionStorage.getItem('duet.next');
  sessionStorage.removeItem('duet.next');
  return next?.startsWith('/invite/') ? next : '/';
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const navigate = useNavigate();

  const accept = useCallback((m: Me | null) => {
    setCsrf(m?.csrf_token ?? '');
    setMe(m);
  }, []);

  useEffect(() => {
    api<Me>('GET', '/api/v1/me')
      .then(accept)
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401 && e.detail.includes('inactivity')) setNotice(e.detail);
        accept(null);
      });
  }, [accept]);

  const signOut = useCallback(
    async (reason?: string) => {
      try {
        await api('POST', '/api/v1/auth/logout');
      } catch {
        // The session may already be gone; signing out locally is what matters.
      }
      accept(null);
      setNotice(reason ?? null);
      navigate('/signin');
    },
    [accept, navigate],
  );

  if (me === undefined) {
    return (
      <Center h="100vh" aria-busy="true">
        <Loader aria-label="Loading Duet" />
      </Center>
    );
  }
  if (me === null) {
    return (
      <LanguageProvider>
      <Routes>
        <Route path="/join/:token" element={<Suspense fallback={loading}><JoinVisit /></Suspense>} />
        <Route path="/measure/:token" element={<Suspense fallback={loading}><FillMeasure /></Suspense>} />
        <Route path="/p/:slug" element={<Suspense fallback={loading}><PublicPage /></Suspense>} />
        <Route path="/invite/:token" element={<AcceptInvite me={null} onAccepted={(m) => { setNotice(null); accept(m); navigate('/'); }} />} />
        <Route path="/partner-invite/:code" element={<Suspense fallback={loading}><JoinAsPartner me={null}
          onJoined={(name) => { setNotice(`${name} is created and connected. Sign in to set up two-step sign-in.`); navigate('/signin'); }} /></Suspense>} />
        <Route path="/signin/link/:token" element={<SignInWithLink onSignedIn={(m) => { setNotice(null); accept(m); navigate('/'); }} />} />
        <Route path="/signin" element={<SignIn notice={notice} onSignedIn={(m) => { setNotice(null); accept(m); navigate(afterSignIn()); }} />} />
        <Route path="*" element={<Navigate to="/signin" replace />} />
      </Routes>
      </LanguageProvider>
    );
  }
  if (me.mfa_enrollment_required) {
    return <MfaEnroll me={me} onDone={(m) => accept(m)} onSignOut={() => signOut()} />;
  }
  const idle = <IdleGuard idleSeconds={me.session.idle_seconds} onTimeout={() => signOut('You were signed out after a period of inactivity. Sign in again.')} />;
  if (can(me, 'portal.self')) {
    // A client has their own pages, never the staff layout.
    return (
      <LanguageProvider>
        {idle}
        <Routes>
          <Route path="/join/:token" element={<Suspense fallback={loading}><JoinVisit /></Suspense>} />
          <Route path="/measure/:token" element={<Suspense fallback={loading}><FillMeasure /></Suspense>} />
          <Route path="/p/:slug" element={<Suspense fallback={loading}><PublicPage /></Suspense>} />
          <Route path="/invite/:token" element={<AcceptInvite me={me} onAccepted={() => navigate('/')} />} />
          <Route path="/" element={<Suspense fallback={loading}><PortalHome me={me} onSignOut={() => signOut()} /></Suspense>} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </LanguageProvider>
    );
  }
  // Staff pages are in English, whatever a client's pages were read in on this device.
  setFormatLocale('en-US');
  document.documentElement.lang = 'en';
  return (
    <>
      {idle}
      <Routes>
        <Route path="/join/:token" element={<Suspense fallback={loading}><JoinVisit /></Suspense>} />
        <Route path="/measure/:token" element={<Suspense fallback={loading}><FillMeasure /></Suspense>} />
        <Route path="/p/:slug" element={<Suspense fallback={loading}><PublicPage /></Suspense>} />
        <Route path="/visit/:id" element={<Suspense fallback={loading}><VisitRoom /></Suspense>} />
        <Route path="/partner-visit/:id" element={<Suspense fallback={loading}><VisitRoom partner /></Suspense>} />
        <Route path="/invite/:token" element={<AcceptInvite me={me} onAccepted={accept} />} />
        <Route path="/partner-invite/:code" element={<Suspense fallback={loading}><JoinAsPartner me={me} onJoined={() => navigate('/')} /></Suspense>} />
        <Route element={<Suspense fallback={loading}><Shell me={me} onSignOut={() => signOut()} /></Suspense>}>
          <Route index element={<Home me={me} />} />
          <Route path="calendar" element={<Suspense fallback={<Loader aria-label="Loading the calendar" />}><Calendar me={me} /></Suspense>} />
          <Route path="clients" element={<Clients me={me} />} />
          <Route path="clients/:id" element={<ClientChart me={me} />} />
          <Route path="clinicians" element={<Clinicians me={me} />} />
          <Route path="clinicians/:id" element={<ClinicianProfile me={me} />} />
          <Route path="waiting-room" element={<WaitingRoom me={me} />} />
          <Route path="notes" element={<Notes me={me} />} />
          <Route path="notes/:id" element={<NoteEditor />} />
          <Route path="messages" element={<Messages me={me} />} />
          <Route path="settings" element={<Settings me={me} />} />
          <Route path="billing" element={<Suspense fallback={<Loader aria-label="Loading billing" />}><Billing me={me} /></Suspense>} />
          <Route path="payouts" element={<Suspense fallback={<Loader aria-label="Loading payouts" />}><Payouts /></Suspense>} />
          <Route path="my-pay" element={<Suspense fallback={<Loader aria-label="Loading your pay" />}><MyPay me={me} /></Suspense>} />
          <Route path="signin" element={<Navigate to="/" replace />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </>
  );
}

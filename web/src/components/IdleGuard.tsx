import { Button, Group, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { Dialog } from './Dialog';
import { api } from '../api';
import { useT } from '../lib/i18n';

// Automatic log-off after inactivity (HIPAA §164.312(a)(2)(iii)). The server ends idle sessions on
// its own; this warns first, keeps the session alive while the user is active, and signs out at the limit.
export function IdleGuard({ idleSeconds, onTimeout }: { idleSeconds: number; onTimeout: () => void }) {
  const t = useT();
  const lastActivity = useRef(Date.now());
  const lastPing = useRef(Date.now());
  const [remaining, setRemaining] = useState<number | null>(null);
  const warnAt = Math.max(idleSeconds - 60, Math.floor(idleSeconds / 2));
  const pingEvery = Math.max(5, Math.floor(idleSeconds / 3)) * 1000;

  useEffect(() => {
    const onActivity = () => {
      if (remaining !== null) return; // once warned, only the button keeps the session
      lastActivity.current = Date.now();
      if (Date.now() - lastPing.current > pingEvery) {
        lastPing.current = Date.now();
        api('GET', '/api/v1/me').catch(() => undefined);
      }
    };
    const events = ['mousemove', 'mousedown', 'keydown', 'touchstart', 'scroll'];
    events.forEach((e) => window.addEventListener(e, onActivity, { passive: true }));
    const timer = window.setInterval(() => {
      const idle = (Date.now() - lastActivity.current) / 1000;
      if (idle >= idleSeconds) {
        window.clearInterval(timer);
        onTimeout();
      } else if (idle >= warnAt) {
        setRemaining(Math.ceil(idleSeconds - idle));
      }
    }, 1000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, onActivity));
      window.clearInterval(timer);
    };
  }, [idleSeconds, warnAt, pingEvery, onTimeout, remaining]);

  const stay = () => {
    lastActivity.current = Date.now();
    lastPing.current = Date.now();
    setRemaining(null);
    api('GET', '/api/v1/me').catch(() => undefined);
  };

  return (
    <Dialog closeButtonProps={{ 'aria-label': t('Close') }} opened={remaining !== null} onClose={stay} title={t('Are you still there?')} centered withCloseButton={false}>
      <Text mb="md" data-testid="idle-warning">
        {t('For privacy, you will be signed out in {seconds} seconds.', { seconds: remaining ?? 0 })}
      </Text>
      <Group justify="flex-end">
        <Button onClick={onTimeout} variant="subtle">{t('Sign out now')}</Button>
        <Button onClick={stay} data-autofocus>{t('Stay signed in')}</Button>
      </Group>
    </Dialog>
  );
}

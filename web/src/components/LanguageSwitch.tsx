// The language of the pages a client reads before signing in (sign-in, invitation, public page, joining a
// visit, a questionnaire): remembered on this device. Signed in, the portal's own switch keeps it on the
// account (and its e-mails).
import { Anchor, Group } from '@mantine/core';
import { LANGUAGES, useLanguage } from '../lib/i18n';

export function LanguageSwitch() {
  const { language, setLanguage } = useLanguage();
  return (
    <Group gap="sm" justify="center" component="nav" aria-label="Language / Idioma">
      {LANGUAGES.map((l) => (
        <Anchor key={l.code} component="button" type="button" size="sm" lang={l.code} underline="always"
          fw={l.code === language ? 700 : 400} aria-current={l.code === language ? 'true' : undefined}
          onClick={() => setLanguage(l.code)}>
          {l.name}
        </Anchor>
      ))}
    </Group>
  );
}

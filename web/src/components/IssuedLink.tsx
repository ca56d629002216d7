// A single-use invitation link just made: shown once, with a Copy button, for staff to send
// themselves when the practice has no mail server.
import { Alert, Button, CopyButton, Group, Text } from '@mantine/core';

/** A secret shown once (an invitation link, an API token) with a Copy button. */
export function IssuedSecret({ title, secret, note, onClose, testId = 'issued-secret' }: { title: string; secret: string; note: string; onClose: () => void; testId?: string }) {
  return (
    <Alert color="green" title={title} withCloseButton closeButtonLabel="Dismiss" onClose={onClose} data-testid={testId}
      styles={{ title: { color: "var(--mantine-color-dark-8)" } }}>
      <Text size="sm">{note}</Text>
      <Group mt="xs" wrap="nowrap">
        <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{secret}</Text>
        <CopyButton value={secret}>
          {({ copied, copy }) => <Button size="xs" variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}
        </CopyButton>
      </Group>
    </Alert>
  );
}

export function IssuedLink({ title, path, onClose }: { title: string; path: string; onClose: () => void }) {
  return (
    <IssuedSecret title={title} secret={`${window.location.origin}${path}`} onClose={onClose} testId="invitation-link"
      note="It was e-mailed if the practice has a mail server. You can also send this link yourself — it is shown only now:" />
  );
}

// A single-use invitation link just made: shown once, with a Copy button, for staff to send
// themselves when the practice has no mail server.
import { Alert, Button, CopyButton, Group, Text } from '@mantine/core';

export function IssuedLink({ title, path, onClose }: { title: string; path: string; onClose: () => void }) {
  const url = `${window.location.origin}${path}`;
  return (
    <Alert color="green" title={title} withCloseButton closeButtonLabel="Dismiss" onClose={onClose} data-testid="invitation-link">
      <Text size="sm">It was e-mailed if the practice has a mail server. You can also send this link yourself — it is shown only now:</Text>
      <Group mt="xs" wrap="nowrap">
        <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{url}</Text>
        <CopyButton value={url}>
          {({ copied, copy }) => <Button size="xs" variant="default" onClick={copy}>{copied ? 'Copied' : 'Copy link'}</Button>}
        </CopyButton>
      </Group>
    </Alert>
  );
}

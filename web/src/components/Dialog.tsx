// Mantine's Modal, loaded when a dialog first opens: it brings a scroll area and floating-ui (about 20 KiB
// gzip) that no page needs before then, so the sign-in page and the client's pages load without it. Takes
// Mantine's Modal props; renders nothing while closed.
import type { ModalProps } from '@mantine/core';
import { lazy, Suspense } from 'react';

const Modal = lazy(() => import('./DialogModal'));

export function Dialog(props: ModalProps) {
  if (!props.opened) return null;
  return (
    <Suspense fallback={null}>
      <Modal {...props} />
    </Suspense>
  );
}

// The chunk components/Dialog.tsx loads on a dialog's first opening.
import { Modal } from '@mantine/core';

export default Modal;

// Mantine's date inputs with typed dates (YYYY-MM-DD) parsed in the format they show: the dayjs plugin they
// need is set up here, with them, so pages without a date input (the sign-in page, a client's pages) do not
// load dayjs.
import { DateInput, DateTimePicker } from '@mantine/dates';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(customParseFormat);

export { DateInput, DateTimePicker };

// The one place the web app talks to the server: JSON in and out, the CSRF header on writes,
// problem+json errors turned into ApiError with field messages.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public type: string,
    public detail: string,
    public errors: FieldError[] = [],
    /** A rule that gives way to a recorded reason (the server's rule problem says so). */
    public overridable = false,
  ) {
    super(detail);
  }
  get isMfaRequired() {
    return this.type.endsWith('/mfa-required');
  }
}

export type { Me } from './types';
import type { Me } from './types';

/**
 * What the signed-in person may do, from the server's one policy table (`permissions` of
 * /api/v1/me): ask this, never the role. `own` asks about their own record ("schedule.manage:own").
 */
export function can(me: Me, action: string, own = false): boolean {
  return me.permissions.includes(action) || (own && me.permissions.includes(`${action}:own`));
}

let csrfToken = '';
export function setCsrf(token: string) {
  csrfToken = token;
}

/**
 * `keepalive` lets a request finish while the page unloads (a note's last keystrokes); `contentType`
 * sends `body` (a string: a file such as an 835) as it is, in that type, instead of as JSON.
 */
export async function api<T>(method: string, path: string, body?: unknown, options: { keepalive?: boolean; contentType?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const payload = body === undefined ? undefined : options.contentType ? String(body) : JSON.stringify(body);
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', keepalive: options.keepalive });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Duet server. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    throw new ApiError(res.status, data?.type ?? '', data?.detail ?? `Request failed (${res.status}).`, data?.errors ?? [], data?.overridable === true);
  }
  return data as T;
}

export const roleLabels: Record<string, string> = {
  owner: 'Owner',
  clinician: 'Clinician',
  supervisor: 'Supervisor',
  biller: 'Biller',
  front_desk: 'Front desk',
  client: 'Client',
};

// A real SMTP server on loopback for tests: Debian's python3-aiosmtpd (run by /usr/bin/python3) (tests/lib/smtp_sink.py),
// keeping every message it receives as { from, to: [address], data } (data: headers and body).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export async function startSmtp() {
  const messages = [];
  const child = spawn('/usr/bin/python3', [new URL('./smtp_sink.py', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`smtp sink exited with ${code}`)));
    lines.once('line', (line) => resolve(JSON.parse(line).port));
  });
  lines.on('line', (line) => messages.push(JSON.parse(line)));
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(); // already stopped
      child.once('exit', resolve);
      child.kill('SIGTERM');
    }),
  };
}

/** A received message as people read it: its subject (RFC 2047 words decoded) and body (base64 decoded). */
export function readMail(m) {
  const [head, ...rest] = m.data.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const raw = unfolded.match(/^Subject: (.*)$/m)?.[1] ?? '';
  const subject = raw.replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=\s*/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8')).trim();
  let body = rest.join('\n\n');
  if (/^Content-Transfer-Encoding: base64$/im.test(unfolded)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { subject, body };
}

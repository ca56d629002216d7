// A throw-away coturn on loopback for video tests (settings from TOOLCHAIN.md: loopback listening and
// relay addresses, the shared-secret REST scheme, and allow-loopback-peers, which only a test wants).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startTurn({ secret }) {
  const dir = mkdtempSync(join(tmpdir(), 'duet-turn-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const proc = spawn('/usr/bin/turnserver', [
    '-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    `--min-port=${port + 1}`, `--max-port=${port + 400}`, '--use-auth-secret', `--static-auth-secret=${secret}`,
    '--realm=duet.test', '--no-tls', '--no-dtls', `--userdb=${join(dir, 'turndb')}`, '--allow-loopback-peers',
    '--no-cli', `--pidfile=${join(dir, 'turn.pid')}`, '--log-file=stdout', '--simple-log',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coturn did not start: ${log}`)), 10000);
    const onData = (d) => {
      log += d;
      if (/listener opened on|Total General servers/.test(log)) {
        clearTimeout(timer);
        setTimeout(resolve, 300);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`coturn exited with ${code}: ${log}`)));
  });
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`,
    stun: `stun:127.0.0.1:${port}`,
    log: () => log,
    async stop() {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

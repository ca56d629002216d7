// A minimal WebSocket client (RFC 6455) over node:http, so tests can send the session cookie and
// an Origin header exactly as a browser would.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';

export function openLive(base, { cookie, origin } = {}) {
  const url = new URL('/api/v1/live', base);
  return new Promise((resolve) => {
    const headers = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64') };
    if (cookie) headers.Cookie = cookie;
    headers.Origin = origin ?? url.origin;
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, headers });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body: body ? JSON.parse(body) : undefined }));
    });
    req.on('upgrade', (res, socket, head) => {
      const messages = [];
      const waiters = [];
      // Frames that arrived with the 101 response come in `head`; later ones as 'data'.
      let buf = Buffer.alloc(0);
      let partial = null;
      const onData = (d) => {
        buf = Buffer.concat([buf, d]);
        while (buf.length >= 2) {
          let len = buf[1] & 0x7f;
          let off = 2;
          if (len === 126) {
            if (buf.length < 4) return;
            len = buf.readUInt16BE(2);
            off = 4;
          } else if (len === 127) {
            if (buf.length < 10) return;
            len = Number(buf.readBigUInt64BE(2));
            off = 10;
          }
          if (buf.length < off + len) return;
          const fin = (buf[0] & 0x80) !== 0;
          const opcode = buf[0] & 0x0f;
          const chunk = buf.subarray(off, off + len);
          buf = buf.subarray(off + len);
          // Large messages arrive fragmented: a text frame, then continuation frames until FIN.
          if (opcode === 1 || (opcode === 0 && partial)) partial = partial ? Buffer.concat([partial, chunk]) : Buffer.from(chunk);
          if ((opcode === 1 || opcode === 0) && fin && partial) {
            const payload = partial.toString('utf8');
            partial = null;
            const msg = JSON.parse(payload);
            const w = waiters.shift();
            if (w) w(msg);
            else messages.push(msg);
          }
        }
      };
      socket.on('data', onData);
      if (head && head.length) onData(head);
      resolve({
        status: 101,
        next: () => new Promise((r) => (messages.length ? r(messages.shift()) : waiters.push(r))),
        /** The next message of `type` (others before it are skipped); rejects after `ms`. */
        until(type, ms = 5000) {
          return new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
              const i = waiters.indexOf(take);
              if (i >= 0) waiters.splice(i, 1);
              reject(new Error(`no ${type} within ${ms} ms`));
            }, ms);
            function take(msg) {
              if (msg.type === type) {
                clearTimeout(timer);
                resolve(msg);
              } else waiters.push(take);
            }
            while (messages.length) {
              const msg = messages.shift();
              if (msg.type === type) {
                clearTimeout(timer);
                resolve(msg);
                return;
              }
            }
            waiters.push(take);
          });
        },
        /** Everything received within `ms` (nothing is left queued). */
        async drain(ms = 300) {
          await new Promise((r) => setTimeout(r, ms));
          return messages.splice(0);
        },
        send(obj) {
          const data = Buffer.from(JSON.stringify(obj));
          const mask = randomBytes(4);
          const header = data.length < 126 ? Buffer.from([0x81, 0x80 | data.length]) : Buffer.from([0x81, 0xfe, data.length >> 8, data.length & 0xff]);
          const masked = Buffer.from(data.map((b, i) => b ^ mask[i % 4]));
          socket.write(Buffer.concat([header, mask, masked]));
        },
        close: () => socket.destroy(),
      });
    });
    req.end();
  });
}

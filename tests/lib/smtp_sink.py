# A real SMTP server (Debian's python3-aiosmtpd) on a free loopback port. It prints the port as the
# first JSON line, then every message it accepts as one JSON line, for tests/lib/smtp.mjs to read.
import asyncio
import json

from aiosmtpd.smtp import SMTP


class Sink:
    async def handle_DATA(self, server, session, envelope):
        content = envelope.content.decode("utf-8", "replace") if isinstance(envelope.content, bytes) else envelope.content
        print(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos, "data": content}), flush=True)
        return "250 OK queued"


async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(Sink(), hostname="duet-test-smtp"), "127.0.0.1", 0)
    print(json.dumps({"port": server.sockets[0].getsockname()[1]}), flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())

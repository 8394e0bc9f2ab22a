#!/usr/bin/env python3
"""An SMTP server for Beacon's e-mail tests (aiosmtpd), on 127.0.0.1 and a free port.

    smtp_sink.py --dir DIR [--tempfail-every N] [--tempfail-at rcpt|data] [--reject ADDR]...
                 [--auth USER:PASSWORD] [--discard]

Prints `listening 127.0.0.1:PORT` on standard output once it accepts connections, and exits when its
standard input closes (so a test that dies takes it along). Each message it takes is written, exactly as
received, to DIR/NNNNNN.eml (written to a temporary name first, then renamed), and its recipients appended
to DIR/received.log as `NNNNNN rcpt1,rcpt2`.

  --tempfail-every N  answer `451 4.3.0` to every Nth RCPT TO (or, with --tempfail-at data, every Nth
                      message's end of DATA), counted over all connections
  --reject ADDR       answer `550 5.1.1` to RCPT TO:<ADDR> (repeatable)
  --auth USER:PW      offer AUTH PLAIN and LOGIN without TLS and require it; a wrong login gets `535 5.7.8`
  --discard           count messages but write nothing (for benchmarks)
"""

import argparse
import asyncio
import os
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, args):
        self.dir = args.dir
        self.every = args.tempfail_every
        self.at = args.tempfail_at
        self.reject = {a.lower() for a in args.reject}
        self.discard = args.discard
        self.rcpts = 0
        self.datas = 0
        self.taken = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        self.rcpts += 1
        if self.at == "rcpt" and self.every and self.rcpts % self.every == 0:
            return "451 4.3.0 <%s>: Temporary lookup failure, try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.datas += 1
        if self.at == "data" and self.every and self.datas % self.every == 0:
            return "451 4.3.0 Temporary failure, try again later"
        self.taken += 1
        name = "%06d" % self.taken
        if not self.discard:
            path = os.path.join(self.dir, name + ".eml")
            with open(path + ".tmp", "wb") as f:
                f.write(envelope.original_content)
            os.rename(path + ".tmp", path)
            with open(os.path.join(self.dir, "received.log"), "a") as f:
                f.write("%s %s\n" % (name, ",".join(envelope.rcpt_tos)))
        return "250 2.0.0 Ok: queued as %s" % name


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        if (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        ):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return check


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--tempfail-every", type=int, default=0)
    p.add_argument("--tempfail-at", choices=["rcpt", "data"], default="rcpt")
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--auth")
    p.add_argument("--discard", action="store_true")
    args = p.parse_args()

    sink = Sink(args)
    options = {"hostname": "sink.test", "enable_SMTPUTF8": True}
    if args.auth:
        user, _, password = args.auth.partition(":")
        options.update(
            authenticator=authenticator(user, password),
            auth_required=True,
            auth_require_tls=False,
        )
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, **options), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("listening 127.0.0.1:%d" % port, flush=True)

    # Exit when the test closes our standard input (or dies).
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while await reader.read(4096):
        pass
    server.close()


if __name__ == "__main__":
    asyncio.run(main())

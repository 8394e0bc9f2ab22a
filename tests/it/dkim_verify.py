#!/usr/bin/env python3
"""Verifies the DKIM signature of a message with dkimpy, the public key given instead of DNS.

    dkim_verify.py MESSAGE.eml "v=DKIM1; k=rsa; p=BASE64"

Prints `ok` and exits 0 when the signature verifies; prints dkimpy's reasons and exits 1 when it does not.
"""

import logging
import sys

import dkim


def main():
    message = open(sys.argv[1], "rb").read()
    record = sys.argv[2].encode()
    logging.basicConfig(stream=sys.stdout, level=logging.DEBUG, format="%(message)s")
    log = logging.getLogger("dkim")

    def dnsfunc(name, timeout=5):
        return record

    if dkim.verify(message, logger=log, dnsfunc=dnsfunc):
        print("ok")
        return 0
    print("signature does not verify")
    return 1


if __name__ == "__main__":
    sys.exit(main())

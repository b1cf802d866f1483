#!/usr/bin/env python3
"""Bounded NATS load for testdata/record-healthy.sh: SUBSCRIBERS connections that each subscribe to a subject,
PUBLISHERS connections that publish to those subjects, for SECONDS seconds, on 127.0.0.1 only. Speaks the
NATS text protocol directly (CONNECT/SUB/PUB/PING), so it needs no client library.

Usage: nats-load.py PORT SECONDS [SUBSCRIBERS] [PUBLISHERS]"""
import socket
import sys
import time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
subscribers = int(sys.argv[3]) if len(sys.argv) > 3 else 20
publishers = int(sys.argv[4]) if len(sys.argv) > 4 else 5


def connect(name):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.recv(4096)  # INFO {...}
    s.sendall(b'CONNECT {"verbose":false,"pedantic":false,"name":"%s"}\r\nPING\r\n' % name.encode())
    return s


subs = []
for i in range(subscribers):
    s = connect(f"sub-{i}")
    s.sendall(b"SUB healthy.%d %d\r\n" % (i % 10, i + 1))
    s.setblocking(False)
    subs.append(s)
pubs = [connect(f"pub-{i}") for i in range(publishers)]

deadline, sent = time.monotonic() + seconds, 0
while time.monotonic() < deadline:
    for i, p in enumerate(pubs):
        p.sendall(b"PUB healthy.%d 5\r\nhello\r\n" % ((sent + i) % 10))
    sent += 1
    for s in subs:  # drain deliveries and PINGs so the server never sees a slow consumer
        try:
            while data := s.recv(65536):
                if b"PING" in data:
                    s.sendall(b"PONG\r\n")
        except BlockingIOError:
            pass
    time.sleep(0.05)
for s in subs + pubs:
    s.close()

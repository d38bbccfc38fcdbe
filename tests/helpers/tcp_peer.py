#!/usr/bin/python3
"""tcp_peer — the other end of a TCP connection, for lab 08's tests.

usage:
  tcp_peer.py get HOST PORT OUT [--send FILE] [--chunk N --pause MS] [--no-shutdown]
      connect, send FILE (in pieces of N bytes, MS ms apart; a thread, so the
      answer is read at the same time), half-close, and copy everything the
      server sends to OUT until it closes
  tcp_peer.py serve ADDR FILE [--chunk N --pause MS] [--reset-after N]
      listen on ADDR, port 0; print "listening on ADDR:PORT"; accept one
      client, send it FILE in pieces and close (--reset-after N: after N bytes,
      wait 0.3 s and reset the connection instead: a peer that vanishes mid-message)
  tcp_peer.py many HOST PORT CLIENTS LINES OUTDIR
      CLIENTS connections at once; all connect first, then each sends LINES
      lines naming itself and reads its echo; OUTDIR/I holds what client I got
  tcp_peer.py dates HOST PORT CLIENTS OUTDIR
      CLIENTS connections at once, all connected before any is read; OUTDIR/I
      holds what server sent on connection I
  tcp_peer.py hold HOST PORT READY
      connect, create the file READY, then stay silent until stdin ends
  tcp_peer.py flood HOST PORT BYTES OUT STALLED GO
      send up to BYTES bytes without reading, until the connection takes no
      more (the server's echo fills our side); then create the file STALLED,
      wait for the file GO, and read and send by turns until all BYTES came
      back into OUT; exit 3 if they differ
  tcp_peer.py can-bind ADDR
      exit 0 if a TCP socket can be bound to ADDR here (::1 needs IPv6)
Connecting has a 20 s limit; after that the calls block as a program's would
(the harness's time limit ends a hang, and tools/why can explain it).
"""
import os
import select
import socket
import sys
import threading
import time

LIMIT = 20.0


def connect(host, port, patient=False):
    """patient: retry a refused connection for up to 2 s. Only for the bulk
    clients (many, dates): some network stacks (gVisor's) refuse a connection
    while the server's accept queue is momentarily full, where Linux would
    let the client retry its SYN. A server that is not there still fails."""
    deadline = time.time() + 2
    while True:
        try:
            s = socket.create_connection((host, int(port)), timeout=LIMIT)
            # From here on plain blocking calls: the harness keeps the time,
            # and can tell a hang (this end waiting in recv) from slowness.
            s.settimeout(None)
            return s
        except ConnectionRefusedError:
            if not patient or time.time() > deadline:
                raise
            time.sleep(0.05)


def read_all(s, out):
    with open(out, "wb") as f:
        while True:
            b = s.recv(65536)
            if not b:
                return
            f.write(b)


def send_file(s, path, chunk, pause, shutdown=True):
    with open(path, "rb") as f:
        data = f.read()
    if chunk <= 0:
        s.sendall(data)
    else:
        for i in range(0, len(data), chunk):
            s.sendall(data[i:i + chunk])
            time.sleep(pause / 1000)
    if shutdown:
        s.shutdown(socket.SHUT_WR)


def opt(args, name, default):
    if name in args:
        i = args.index(name)
        v = args[i + 1]
        del args[i:i + 2]
        return type(default)(v)
    return default


def main(argv):
    cmd, args = argv[1], argv[2:]
    chunk = opt(args, "--chunk", 0)
    pause = opt(args, "--pause", 0)
    send = opt(args, "--send", "")
    reset_after = opt(args, "--reset-after", -1)
    no_shutdown = "--no-shutdown" in args
    args = [a for a in args if a != "--no-shutdown"]
    if cmd == "get":
        host, port, out = args
        s = connect(host, port)
        t = None
        if send:
            t = threading.Thread(target=send_file, args=(s, send, chunk, pause, not no_shutdown))
            t.start()
        read_all(s, out)
        if t:
            t.join()
        s.close()
    elif cmd == "serve":
        addr, path = args
        fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
        ls = socket.socket(fam, socket.SOCK_STREAM)
        ls.bind((addr, 0))
        ls.listen(1)
        ls.settimeout(LIMIT)
        port = ls.getsockname()[1]
        print(f"listening on {addr}:{port}", flush=True)
        c, _ = ls.accept()
        ls.close()
        c.settimeout(LIMIT)
        if reset_after >= 0:
            with open(path, "rb") as f:
                c.sendall(f.read()[:reset_after])
            time.sleep(0.3)
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            c.close()
            return 0
        send_file(c, path, chunk, pause, shutdown=False)
        c.close()
    elif cmd == "many":
        host, port, clients, lines, outdir = args
        socks = [connect(host, port, patient=True) for _ in range(int(clients))]

        def talk(i, s):
            text = "".join(f"client {i} line {j}\n" for j in range(int(lines))).encode()
            t = threading.Thread(target=send_file_bytes, args=(s, text))
            t.start()
            read_all(s, os.path.join(outdir, str(i)))
            t.join()
            s.close()

        threads = [threading.Thread(target=talk, args=(i, s)) for i, s in enumerate(socks)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    elif cmd == "dates":
        host, port, clients, outdir = args
        socks = [connect(host, port, patient=True) for _ in range(int(clients))]
        for i, s in enumerate(socks):
            read_all(s, os.path.join(outdir, str(i)))
            s.close()
    elif cmd == "hold":
        host, port, ready = args
        s = connect(host, port)
        open(ready, "w").close()
        sys.stdin.read()
        s.close()
    elif cmd == "flood":
        host, port, size, out, stalled, go = args
        s = connect(host, port)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        data = os.urandom(int(size))
        got = bytearray()
        # Send without reading for as long as the server takes bytes (until
        # there has been no room for 0.3 s: the server has stopped reading us,
        # because it cannot send its echo back, or must not wait until it
        # can); then read and send by turns until everything has come back.
        s.setblocking(False)
        sent = 0
        while sent < len(data):
            try:
                sent += s.send(data[sent:sent + 65536])
            except BlockingIOError:
                if not select.select([], [s], [], 0.3)[1]:
                    break
        print(f"sent {sent} bytes before the first stall", flush=True)
        open(stalled, "w").close()
        deadline = time.time() + LIMIT
        while not os.path.exists(go) and time.time() < deadline:
            time.sleep(0.01)
        s.settimeout(LIMIT)
        while len(got) < len(data):
            if sent < len(data):
                s.setblocking(False)
                try:
                    sent += s.send(data[sent:sent + 65536])
                except BlockingIOError:
                    pass
                s.settimeout(LIMIT)
            try:
                s.settimeout(0.05 if sent < len(data) else LIMIT)
                b = s.recv(65536)
            except socket.timeout:
                continue
            if not b:
                break
            got += b
        s.close()
        with open(out, "wb") as f:
            f.write(got)
        return 0 if bytes(got) == data else 3
    elif cmd == "can-bind":
        (addr,) = args
        fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
        try:
            s = socket.socket(fam, socket.SOCK_STREAM)
            s.bind((addr, 0))
            s.close()
        except OSError:
            return 1
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


def send_file_bytes(s, data):
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except (OSError, socket.timeout) as e:
        print(f"tcp_peer: {e}", file=sys.stderr)
        sys.exit(1)

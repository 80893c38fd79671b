#!/usr/bin/env python3
"""A real HTTP server for Folio's external-link tests, on 127.0.0.1 only.

Prints its port on the first line of stdout, then serves until killed. GET /__log returns
every request so far as JSON: [{"method": "HEAD", "path": "/ok", "time": 1700000000.0}, ...].
With --tls it serves HTTPS with the self-signed certificate in tls/.
"""
import gzip
import http.server
import json
import os
import ssl
import sys
import threading
import time

LOG = []
LOCK = threading.Lock()
SEEN = {}

PAGE = b'<!doctype html><html><body><h2 id="secao">Se\xc3\xa7\xc3\xa3o</h2><a name="antigo"></a></body></html>'


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, headers=(), body=b""):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def route(self):
        path = self.path
        if path == "/__log":
            with LOCK:
                body = json.dumps(LOG).encode()
            return self.answer(200, [("Content-Type", "application/json")], body)
        with LOCK:
            LOG.append({"method": self.command, "path": path, "time": time.time(), "encodings": self.headers.get("Accept-Encoding", "")})
            SEEN[path] = SEEN.get(path, 0) + 1
            count = SEEN[path]
        if path == "/ok":
            return self.answer(200, [("Content-Type", "text/html")], PAGE)
        if path == "/gzip":
            # Compressed only for a client that says it decodes gzip, as servers do.
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                return self.answer(200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], gzip.compress(PAGE))
            return self.answer(200, [("Content-Type", "text/html")], PAGE)
        if path == "/moved":
            return self.answer(301, [("Location", "/moved-again")])
        if path == "/moved-again":
            return self.answer(302, [("Location", "http://127.0.0.1:%d/ok" % self.server.server_port)])
        if path == "/missing":
            return self.answer(404)
        if path == "/no-head":
            return self.answer(405 if self.command == "HEAD" else 200, [("Content-Type", "text/html")], PAGE)
        if path == "/busy-once":
            return self.answer(429, [("Retry-After", "1")]) if count == 1 else self.answer(200)
        if path == "/always-busy":
            return self.answer(429, [("Retry-After", "1")])
        if path == "/slow":
            time.sleep(4)
            return self.answer(200)
        if path == "/huge":
            # 64 MB of HTML, streamed, with the only id at its very end.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(64 * 1024 * 1024 + 20))
            self.end_headers()
            if self.command != "HEAD":
                chunk = b"<p>filler</p>" * 5000
                sent = 0
                try:
                    while sent + len(chunk) <= 64 * 1024 * 1024:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                    self.wfile.write(b" " * (64 * 1024 * 1024 - sent) + b'<a id="end"></a>    ')
                except (BrokenPipeError, ConnectionResetError):
                    pass
            return
        if path == "/loop":
            return self.answer(302, [("Location", "/loop-back")])
        if path == "/loop-back":
            return self.answer(302, [("Location", "/loop")])
        return self.answer(404)

    do_GET = route
    do_HEAD = route


def exit_when_stdin_closes():
    sys.stdin.buffer.read()
    os._exit(0)


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if "--tls" in sys.argv[1:]:
        folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tls")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem"))
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_port, flush=True)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())

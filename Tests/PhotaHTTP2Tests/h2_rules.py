#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""RFC 9113 rules checked on the wire against a server at 127.0.0.1:PORT (argv[1]).

Each check opens its own connection, sends raw frames (header blocks encoded with hpack) and
prints one line `name: what the server answered`; the Swift test compares the lines exactly.
"""
import socket
import struct
import sys

from hpack import Decoder, Encoder

PORT = int(sys.argv[1])
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE = 0, 1, 3, 4, 6, 7, 8
END_STREAM, END_HEADERS, ACK = 0x1, 0x4, 0x1
ERRORS = {0: "NO_ERROR", 1: "PROTOCOL_ERROR", 2: "INTERNAL_ERROR", 3: "FLOW_CONTROL_ERROR", 5: "STREAM_CLOSED",
          6: "FRAME_SIZE_ERROR", 7: "REFUSED_STREAM", 8: "CANCEL", 9: "COMPRESSION_ERROR"}


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


class Conn:
    def __init__(self):
        self.sock = socket.create_connection(("127.0.0.1", PORT), timeout=5)
        self.buf = b""
        self.encoder = Encoder()
        self.decoder = Decoder()
        self.sock.sendall(PREFACE + frame(SETTINGS, 0, 0))

    def send(self, data):
        self.sock.sendall(data)

    def headers(self, stream, fields, end_stream=True):
        block = self.encoder.encode(fields)
        self.send(frame(HEADERS, END_HEADERS | (END_STREAM if end_stream else 0), stream, block))

    def read_frame(self):
        try:
            while len(self.buf) < 9 or len(self.buf) < 9 + int.from_bytes(self.buf[:3], "big"):
                chunk = self.sock.recv(65536)
                if not chunk:
                    return None
                self.buf += chunk
        except (ConnectionResetError, socket.timeout):
            return None
        length = int.from_bytes(self.buf[:3], "big")
        kind, flags = self.buf[3], self.buf[4]
        stream = int.from_bytes(self.buf[5:9], "big") & 0x7FFFFFFF
        payload = self.buf[9:9 + length]
        self.buf = self.buf[9 + length:]
        if kind == SETTINGS and not flags & ACK:
            self.send(frame(SETTINGS, ACK, 0))
        return kind, flags, stream, payload

    def outcome(self):
        """The first error signal (RST_STREAM or GOAWAY) or a response status, as text."""
        status = None
        while True:
            got = self.read_frame()
            if got is None:
                return "closed"
            kind, flags, stream, payload = got
            if kind == GOAWAY:
                return "GOAWAY " + ERRORS.get(int.from_bytes(payload[4:8], "big"), "?")
            if kind == RST_STREAM:
                return "RST_STREAM %d %s" % (stream, ERRORS.get(int.from_bytes(payload[:4], "big"), "?"))
            if kind == HEADERS:
                status = dict(self.decoder.decode(payload))[":status"]
            if kind in (HEADERS, DATA) and flags & END_STREAM:
                return "response %s" % status

    def response(self):
        """A whole response: status, field names, body."""
        status, names, body = None, [], b""
        while True:
            got = self.read_frame()
            if got is None:
                return "closed"
            kind, flags, stream, payload = got
            if kind == HEADERS:
                fields = self.decoder.decode(payload)
                status = dict(fields)[":status"]
                names = [name for name, _ in fields]
            if kind == DATA:
                body += payload
            if kind in (HEADERS, DATA) and flags & END_STREAM:
                return "%s %s %s" % (status, ",".join(names), body.decode())


def request(path="/_mock/health", method="GET", extra=()):
    return [(":method", method), (":scheme", "http"), (":authority", "127.0.0.1"), (":path", path)] + list(extra)


def check(name, run):
    conn = Conn()
    try:
        print("%s: %s" % (name, run(conn)), flush=True)
    finally:
        conn.sock.close()


def lower_stream_id(c):
    c.headers(5, request())
    c.headers(3, request())
    while True:
        result = c.outcome()
        if not result.startswith("response"):
            return result


def data_on_closed_stream(c):
    c.headers(1, request())
    first = c.outcome()
    c.send(frame(DATA, END_STREAM, 1, b"late"))
    return first + ", then " + c.outcome()


def unknown_pseudo_header(c):
    c.headers(1, request(extra=[(":foo", "bar")]))
    return c.outcome()


def uppercase_field_name(c):
    c.headers(1, request(extra=[("X-Upper", "1")]))
    return c.outcome()


def connection_specific_field(c):
    c.headers(1, request(extra=[("connection", "keep-alive")]))
    return c.outcome()


def missing_path(c):
    c.headers(1, [(":method", "GET"), (":scheme", "http"), (":authority", "x")])
    return c.outcome()


def oversized_frame(c):
    c.headers(1, request("/echo", "POST"), end_stream=False)
    c.send(frame(DATA, 0, 1, b"x" * 16385))
    return c.outcome()


def unknown_frame_type(c):
    c.send(frame(0xFA, 0xFF, 0, b"ignored") + frame(0xFB, 0, 1, b"also ignored"))
    c.send(frame(PING, 0, 0, b"12345678"))
    while True:
        kind, flags, _, payload = c.read_frame()
        if kind == PING:
            break
    c.headers(1, request())
    return "PING ack=%d %s, then %s" % (flags & ACK, payload.decode(), c.outcome())


def health_fields(c):
    c.headers(1, request())
    return c.response()


def body_over_limit_without_length(c):
    c.headers(1, request("/echo", "POST"), end_stream=False)
    c.send(frame(DATA, 0, 1, b"a" * 600) + frame(DATA, 0, 1, b"a" * 600))
    status = c.outcome()
    return status + ", then " + c.outcome()


def head_has_no_body(c):
    c.headers(1, request(method="HEAD"))
    kind, flags, _, payload = next(f for f in iter(c.read_frame, None) if f[0] == HEADERS)
    fields = dict(c.decoder.decode(payload))
    return "HEADERS end_stream=%d status=%s content-length=%s" % (flags & END_STREAM, fields[":status"], fields["content-length"])


def stream_over_the_limit(c):
    # The advertised limit, from the server's SETTINGS (read_frame acknowledges it).
    limit = None
    while limit is None:
        kind, flags, _, payload = c.read_frame()
        if kind == SETTINGS and not flags & ACK:
            entries = [struct.unpack(">HI", payload[i:i + 6]) for i in range(0, len(payload), 6)]
            limit = dict(entries).get(3)
    # A PING answered after our ACK: the server has applied the settings, so the limit is in force.
    c.send(frame(PING, 0, 0, b"pingpong"))
    while c.read_frame()[0] != PING:
        pass
    # `limit` requests left open (no END_STREAM), then one more.
    for number in range(limit + 1):
        c.headers(1 + 2 * number, request("/echo", "POST"), end_stream=False)
    refused = c.outcome()
    # The connection goes on: the first stream finishes its request and is answered.
    c.send(frame(DATA, END_STREAM, 1, b"done"))
    return "limit %d, %s, then %s" % (limit, refused, c.outcome())


for name, run in [
    ("lower_stream_id", lower_stream_id),
    ("data_on_closed_stream", data_on_closed_stream),
    ("unknown_pseudo_header", unknown_pseudo_header),
    ("uppercase_field_name", uppercase_field_name),
    ("connection_specific_field", connection_specific_field),
    ("missing_path", missing_path),
    ("oversized_frame", oversized_frame),
    ("unknown_frame_type", unknown_frame_type),
    ("health_fields", health_fields),
    ("body_over_limit_without_length", body_over_limit_without_length),
    ("head_has_no_body", head_has_no_body),
    ("stream_over_the_limit", stream_over_the_limit),
]:
    check(name, run)

"""How the fake toolkit reaches the board: the adb server the environment names (ANDROID_ADB_SERVER_PORT,
default 5037), as the real toolkit's adb does. It speaks the adb host protocol itself instead of
starting the `adb` binary, so a test can never spawn a real adb daemon on 5037 by accident."""
import os
import socket


def _port():
    return int(os.environ.get("ANDROID_ADB_SERVER_PORT") or 5037)


def _request(sock, text):
    data = text.encode()
    sock.sendall(b"%04x" % len(data) + data)
    status = _read(sock, 4)
    if status != b"OKAY":
        length = int(_read(sock, 4), 16)
        raise ConnectionError(_read(sock, length).decode(errors="replace"))


def _read(sock, n):
    out = b""
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            raise ConnectionError("adb server closed the connection")
        out += chunk
    return out


def _connect():
    return socket.create_connection(("127.0.0.1", _port()), timeout=10)


def devices():
    """[(serial, state)] from the adb server; [] when no server listens (nothing connected)."""
    fixed = os.environ.get("FAKE_RKNN_DEVICES")
    if fixed is not None:  # unit tests of the driver that have no fake adb server
        return [(d, "device") for d in fixed.split(",") if d]
    try:
        with _connect() as sock:
            _request(sock, "host:devices")
            length = int(_read(sock, 4), 16)
            text = _read(sock, length).decode()
    except (OSError, ConnectionError):
        return []
    return [tuple(line.split("\t")[:2]) for line in text.splitlines() if "\t" in line]


def shell(serial, command):
    """Output of `adb -s SERIAL shell COMMAND` (legacy shell: stdout and stderr together)."""
    if os.environ.get("FAKE_RKNN_DEVICES") is not None:
        return "1\n"  # no board behind the fixed list: rknn_server counts as running
    with _connect() as sock:
        _request(sock, f"host:transport:{serial}")
        _request(sock, f"shell:{command}")
        out = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return out.decode(errors="replace")
            out += chunk

"""What fake ssh and fake scp share (tests only): option parsing as OpenSSH's getopt does it, and the fake
board's state. The "board" is a folder on this machine, FAKE_HISI_BOARD_ROOT, which is also the login's home.

FAKE_HISI_BOARD_MODE=refused: every connection is refused, as a board whose sshd is not running.
FAKE_HISI_BOARD_VANISH=REGEX: the ssh command matching REGEX loses the connection, and the board stays gone
(later connections: No route to host), as a board that loses power or network mid-run.
"""
import os
import sys


def parse(argv, with_value):
    """OpenSSH-style options (single letters, clustered, `-oX` or `-o X`), then the operands."""
    opts, i = [], 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            return opts, argv[i + 1:]
        if not arg.startswith("-") or arg == "-":
            return opts, argv[i:]
        j = 1
        while j < len(arg):
            letter = arg[j]
            if letter in with_value:
                value = arg[j + 1:] or (argv[i + 1] if i + 1 < len(argv) else None)
                if not arg[j + 1:]:
                    i += 1
                if value is None:
                    die(f"option requires an argument -- {letter}", 255)
                opts.append((letter, value))
                break
            opts.append((letter, True))
            j += 1
        i += 1
    return opts, []


def die(message, code):
    print(message, file=sys.stderr, flush=True)
    sys.exit(code)


def root():
    path = os.environ.get("FAKE_HISI_BOARD_ROOT")
    if not path or not os.path.isdir(path):
        die("fake board: FAKE_HISI_BOARD_ROOT is not a folder", 255)
    return os.path.realpath(path)


def connect(tool, opts, host):
    """Refuses what a real board would refuse: a dead sshd, a vanished board, a password prompt."""
    port = next((v for k, v in opts if k in ("p", "P")), "22")
    address = host.split("@")[-1]
    if os.environ.get("FAKE_HISI_BOARD_MODE") == "refused":
        die(f"{tool}: connect to host {address} port {port}: Connection refused", 255)
    if os.path.exists(os.path.join(root(), ".fake-board-gone")):
        die(f"{tool}: connect to host {address} port {port}: No route to host", 255)
    if ("o", "BatchMode=yes") not in opts:
        # A real ssh without a usable key would now wait for a password on the terminal.
        die(f"{tool}: the fake board only accepts BatchMode=yes (a real one would prompt for a password)", 255)


def vanish(host):
    open(os.path.join(root(), ".fake-board-gone"), "w").close()
    die(f"Connection to {host.split('@')[-1]} closed by remote host.", 255)

"""`kg serve` against real signals and bad ports: the Oxigraph child never outlives kg, the
temporary store is removed, the port is free at once, exit codes say which signal stopped it."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.cli import main
from kg.store.serve import free_port, wait_until_up

pytestmark = pytest.mark.integration

MINI = Path(__file__).parent / "fixtures" / "mini.ttl"
KG = shutil.which("kg", path=str(Path(sys.executable).parent)) or "kg"


def children_of(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def start_serve(port: int) -> tuple[subprocess.Popen, int, Path]:
    """A real `kg serve` process, up; returns it, its Oxigraph child and the child's temp folder."""
    proc = subprocess.Popen([KG, "serve", str(MINI), "--port", str(port)], stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own group, as a shell's foreground job
    first = proc.stderr.readline()
    assert first.startswith(f"http://127.0.0.1:{port}/  (read-only"), first
    wait_until_up(f"http://127.0.0.1:{port}")
    [child] = children_of(proc.pid)
    args = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
    location = Path(args[args.index(b"--location") + 1].decode())
    assert location.is_dir() and location.parent.name.startswith("kg-serve-")
    # make the server hold (and close) connections, as a user's queries do
    for _ in range(3):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
            c.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            while c.recv(4096):
                pass
    return proc, child, location.parent


def wait_gone(pid: int, seconds: float = 5) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_stop_signal_stops_the_child_removes_the_store_and_frees_the_port(sig, code):
    port = free_port()
    proc, child, tmp = start_serve(port)
    proc.send_signal(sig)
    assert proc.wait(timeout=15) == code
    rest = proc.stderr.read()
    proc.stderr.close()
    assert "Traceback" not in rest and "server stopped" in rest
    assert wait_gone(child, 1), "the oxigraph child outlived kg"
    assert not tmp.exists()
    with socket.socket() as s:  # what any server (kg serve included) does to listen again
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
    again, child2, tmp2 = start_serve(port)  # at once, not "port … is in use" for a minute
    again.send_signal(signal.SIGTERM)
    assert again.wait(timeout=15) == 143
    again.stderr.close()
    assert wait_gone(child2, 1) and not tmp2.exists()


def test_the_child_dies_when_kg_is_killed():
    port = free_port()
    proc, child, tmp = start_serve(port)
    proc.kill()  # SIGKILL: no handler runs in kg
    proc.wait(timeout=10)
    proc.stderr.close()
    assert wait_gone(child), "the oxigraph child outlived a killed kg"
    shutil.rmtree(tmp, ignore_errors=True)  # nothing can remove it after SIGKILL


def test_terminal_ctrl_c_reaches_kg_only_and_is_forwarded():
    """A Ctrl-C on a terminal signals the whole foreground group; kg forwards it exactly once."""
    port = free_port()
    proc, child, tmp = start_serve(port)
    os.killpg(proc.pid, signal.SIGINT)
    assert proc.wait(timeout=15) == 130
    proc.stderr.close()
    assert wait_gone(child, 1) and not tmp.exists()


# -- 11. ports ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("port", ["70000", "0", "-1"])
def test_a_port_out_of_range_is_a_one_line_user_error_at_once(capsys, port):
    start = time.monotonic()
    code = main(["serve", str(MINI), "--port", port])
    err = capsys.readouterr().err
    assert code == 1 and time.monotonic() - start < 2
    assert err == (f"error: Invalid value for '--port': {port} is not in the range 1<=x<=65535. "
                   "(see `kg --help`)\n")


def test_the_library_refuses_out_of_range_ports_too():
    from kg.model.errors import EndpointError
    from kg.store.serve import serve

    with pytest.raises(EndpointError, match="port 70000 is out of range — pass --port between 1 and 65535"):
        serve(MINI, port=70000)

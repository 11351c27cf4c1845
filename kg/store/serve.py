"""`kg serve`: the Oxigraph server shipped in the venv, with a graph loaded, behind kg's own
HTTP front on 127.0.0.1:PORT (`kg.store.front`: the query page at `/`, SPARQL at `/query`,
the Graph Store at `/store`).

Oxigraph listens on an internal loopback port that only the front talks to. SERVICE: `kg
query` refuses SERVICE clauses (local engines and endpoints alike) unless `--allow-service`,
and so does the front (`kg serve --allow-service` to allow them), since `oxigraph serve` has
no option of its own to refuse them. The front binds to 127.0.0.1 only and is read-only by
default; do not put it behind a public proxy.
"""
from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kg.model.errors import EndpointError
from kg.store.front import Front
from kg.store.remote import _first_line, query_url, safe_url


def oxigraph_binary() -> str:
    """The `oxigraph` server binary of this venv (PyPI package `oxigraph`)."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.is_file() else shutil.which("oxigraph")
    if not found:
        raise EndpointError("the oxigraph server binary is not installed",
                            fix="pip install oxigraph (it ships the `oxigraph` command)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen | None = None, *, timeout: float = 20.0) -> None:
    """Poll the query service until it answers ASK {}."""
    deadline = time.monotonic() + timeout
    probe = query_url(url) + "?query=" + urllib.parse.quote("ASK {}")
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise EndpointError(f"the oxigraph server exited with code {proc.returncode}",
                                fix="see its message above; is the port or the store folder in use?")
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise EndpointError(f"the server did not answer within {timeout:g} s", where=safe_url(url))


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PR_SET_PDEATHSIG = 1


class _Stopped(Exception):
    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _child_setup() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Unblock the stop signals, and die with SIGTERM if kg dies (Linux prctl PR_SET_PDEATHSIG)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
        except (OSError, AttributeError):
            pass


def _spawn(args: list[str], **kw) -> subprocess.Popen:
    """Start a child in its own process group (the terminal's Ctrl-C reaches kg, which forwards it),
    with the stop signals blocked in kg until the child is known, so none is lost in between."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        return subprocess.Popen(args, preexec_fn=_child_setup, process_group=0, **kw)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def check_port(port: int) -> None:
    """A TCP port kg can bind on 127.0.0.1 now (connections in TIME_WAIT do not count)."""
    if not 1 <= port <= 65535:
        raise EndpointError(f"port {port} is out of range", fix="pass --port between 1 and 65535")
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            raise EndpointError(f"port {port} on 127.0.0.1 is in use", fix="pass another --port") from None


def serve(path: str | Path | None = None, *, port: int = 7878, store_dir: str | Path | None = None,
          writable: bool = False, allow_service: bool = False, announce=print) -> int:
    """Run Oxigraph on 127.0.0.1:PORT with the graph loaded until a stop signal; returns kg's exit code.

    SIGINT, SIGTERM and SIGHUP are forwarded to the server, which is waited for; the temporary
    store is removed; the exit code is 128 + the signal's number (130, 143, 129). The server
    also dies if kg does (parent-death signal).
    """
    binary = oxigraph_binary()
    check_port(port)
    children: list[subprocess.Popen] = []
    fronts: list = []

    def on_signal(signum, frame):
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)
        raise _Stopped(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
    tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))  # the server log, and the store unless --store
    try:
        return _run(binary, path, port, store_dir, tmp, writable, children, announce,
                    fronts=fronts, allow_service=allow_service)
    except _Stopped as stop:
        return 128 + stop.signum
    finally:
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)  # cleanup below must not be cut short
        try:
            for front in fronts:
                front.stop()
            for child in children:
                _stop(child)
            shutil.rmtree(tmp, ignore_errors=True)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _run(binary, path, port, store_dir, tmp: Path, writable: bool, children: list, announce, *,
         fronts: list, allow_service: bool) -> int:

    location = str(store_dir or tmp / "store")
    if path is not None:
        if not Path(path).is_file():
            raise EndpointError("no such graph file", where=str(path), fix="run `kg build` first")
        load = _spawn([binary, "load", "--location", location, "--file", str(path)],
                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        children.append(load)
        _, stderr = load.communicate()
        if load.returncode:
            raise EndpointError(f"oxigraph could not load the file: {_first_line(stderr)}", where=str(path))
    mode = "serve" if writable else "serve-read-only"
    log = tmp / "oxigraph.log"
    inner = free_port()  # Oxigraph's own port on loopback; only the front talks to it
    with open(log, "wb") as log_file:
        proc = _spawn([binary, mode, "--location", location, "--bind", f"127.0.0.1:{inner}",
                       "--union-default-graph"], stdout=log_file, stderr=subprocess.STDOUT)
        children.append(proc)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"http://127.0.0.1:{inner}", proc)
    except EndpointError as exc:
        text = log.read_text(errors="replace") if log.is_file() else ""
        raise EndpointError(f"{exc.what}: {_first_line(text.splitlines()[-1] if text.strip() else '')}",
                            fix="is the port or the store folder in use?") from None
    try:
        front = Front(port, ("127.0.0.1", inner), writable=writable, allow_service=allow_service)
    except OSError as exc:
        raise EndpointError(f"port {port} on 127.0.0.1 is in use ({exc.strerror})", fix="pass another --port") from None
    fronts.append(front)
    front.start()
    announce(f"{url}/  ({'read-write' if writable else 'read-only'}; query page at {url}/, SPARQL at {url}/query"
             f"{', updates at ' + url + '/update' if writable else ''}"
             f"{'' if allow_service else '; SERVICE refused'}; Ctrl-C stops)")
    return 0 if proc.wait() == 0 else 1

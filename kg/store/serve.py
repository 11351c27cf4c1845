"""`kg serve`: the Oxigraph server shipped in the venv, on 127.0.0.1, with a graph loaded.

SERVICE: `kg query` refuses SERVICE clauses (local engines and endpoints alike) unless
`--allow-service`. The server `kg serve` starts is the `oxigraph` binary answering HTTP
itself: kg is not on its request path, and `oxigraph serve` has no option to refuse
SERVICE, so a client that can reach 127.0.0.1:PORT can make it request other URLs. That
is why it binds to 127.0.0.1 only and is read-only by default; do not put it behind a
public proxy.
"""
from __future__ import annotations

import shutil
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


def serve(path: str | Path | None = None, *, port: int = 7878, store_dir: str | Path | None = None,
          writable: bool = False, announce=print) -> int:
    """Run Oxigraph on 127.0.0.1:PORT with the graph loaded until Ctrl-C; returns its exit code."""
    binary = oxigraph_binary()
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            raise EndpointError(f"port {port} on 127.0.0.1 is in use", fix="pass another --port") from None
    tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))  # the server log, and the store unless --store
    location = str(store_dir or tmp / "store")
    proc = None
    try:
        if path is not None:
            if not Path(path).is_file():
                raise EndpointError("no such graph file", where=str(path), fix="run `kg build` first")
            load = subprocess.run([binary, "load", "--location", location, "--file", str(path)],
                                  capture_output=True, text=True)
            if load.returncode:
                raise EndpointError(f"oxigraph could not load the file: {_first_line(load.stderr)}",
                                    where=str(path))
        mode = "serve" if writable else "serve-read-only"
        log = tmp / "oxigraph.log"
        with open(log, "wb") as log_file:
            proc = subprocess.Popen([binary, mode, "--location", location, "--bind", f"127.0.0.1:{port}",
                                     "--union-default-graph"], stdout=log_file, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, proc)
        except EndpointError as exc:
            text = log.read_text(errors="replace") if log.is_file() else ""
            raise EndpointError(f"{exc.what}: {_first_line(text.splitlines()[-1] if text.strip() else '')}",
                                fix="is the port or the store folder in use?") from None
        announce(f"{url}/  ({'read-write' if writable else 'read-only'}; SPARQL at {url}/query"
                 f"{', updates at ' + url + '/update' if writable else ''}; Ctrl-C stops)")
        try:
            return proc.wait()
        except KeyboardInterrupt:
            return 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)

"""Bad inputs and faults through `kg.cli.main`: exit code, one clear line, outputs untouched.

Every case runs in a fresh folder holding a prior output `out/graph.ttl`; afterwards the
file must be byte-identical, no temporary file may be left beside it, and no message
may contain a traceback.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

import kg.rdf.writer
import kg.rdf.files
import kg.pipeline
from kg.cli import main

SEED = Path(__file__).resolve().parents[1] / "seeds" / "linfen-2017-10-17.txt"
PRIOR = "@prefix ex: <http://example.org/> .\nex:prior ex:is ex:untouched .\n"
BINARY_FIX = "pass a text or HTML article; binary files cannot be read"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _file(name: str, data: bytes | str) -> Callable[[Path], None]:
    def make(d: Path) -> None:
        p = d / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return make


def _sparse(name: str, size: int) -> Callable[[Path], None]:
    def make(d: Path) -> None:
        with (d / name).open("wb") as fh:
            fh.truncate(size)
    return make


def _unreadable(d: Path) -> None:
    """A file that cannot be read: chmod 000, or (as root, where chmod does not stop reads) a FIFO."""
    if ROOT:
        os.mkfifo(d / "locked.txt")
    else:
        (d / "locked.txt").write_text("扶貧", encoding="utf-8")
        (d / "locked.txt").chmod(0)


def _mixed(d: Path) -> None:
    (d / "mix").mkdir()
    shutil.copy(SEED, d / "mix" / "good.txt")
    (d / "mix" / "empty.txt").write_bytes(b"")
    (d / "mix" / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (d / "mix" / "notes.txt").write_text("Meeting notes, in English only.\n", encoding="utf-8")
    (d / "mix" / "skipped.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not an article suffix: ignored


def _nonconforming(d: Path) -> None:
    (d / "bad.ttl").write_text(
        "@prefix fupin: <https://w3id.org/fupin-kg/ontology#> .\n"
        "@prefix schema: <https://schema.org/> .\n"
        "<https://w3id.org/fupin-kg/id/amount/1> a fupin:FundingAmount ; schema:currency \"CNY\" .\n",
        encoding="utf-8")


def _seed(name: str = "seed.txt") -> Callable[[Path], None]:
    return lambda d: shutil.copy(SEED, d / name)


def _seed_and_folder(d: Path) -> None:
    _seed()(d)
    (d / "g.ttl").mkdir()


@dataclass
class Case:
    setup: Callable[[Path], None] | None
    argv: list[str]
    code: int
    stderr: str  # the exact text on stderr (with `{root}`-free relative paths)
    writes: str | None = None  # an output this case is expected to create


OUT = ["-o", "out/graph.ttl"]
CASES: dict[str, Case] = {
    "empty file": Case(_file("e.txt", b""), ["build", "e.txt", *OUT], 1,
                       "error: e.txt: empty file — pass an article with text\n"
                       "1 input(s) failed; nothing was written.\n"),
    "whitespace only": Case(_file("w.txt", " \n\t\r\n\u3000\n"), ["build", "w.txt", *OUT], 1,
                            "error: w.txt: empty file — pass an article with text\n"
                            "1 input(s) failed; nothing was written.\n"),
    "PNG named .txt": Case(_file("p.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ["build", "p.txt", *OUT], 1,
                           f"error: p.txt: binary file (looks like a PNG image) — {BINARY_FIX}\n"
                           "1 input(s) failed; nothing was written.\n"),
    "PNG passed as is": Case(_file("p.png", b"\x89PNG\r\n\x1a\n"), ["build", "p.png", *OUT], 1,
                             f"error: p.png: binary file (looks like a PNG image) — {BINARY_FIX}\n"
                             "1 input(s) failed; nothing was written.\n"),
    "JPEG": Case(_file("j.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF"), ["build", "j.txt", *OUT], 1,
                 f"error: j.txt: binary file (looks like a JPEG image) — {BINARY_FIX}\n"
                 "1 input(s) failed; nothing was written.\n"),
    "zip named .html": Case(_file("z.html", b"PK\x03\x04\x14\x00\x00\x00"), ["build", "z.html", *OUT], 1,
                            f"error: z.html: binary file (looks like a ZIP archive, or a .docx/.xlsx file) — "
                            f"{BINARY_FIX}\n1 input(s) failed; nothing was written.\n"),
    "PDF": Case(_file("d.txt", b"%PDF-1.4\n%\xe2\xe3"), ["build", "d.txt", *OUT], 1,
                f"error: d.txt: binary file (looks like a PDF document) — {BINARY_FIX}\n"
                "1 input(s) failed; nothing was written.\n"),
    "gzip": Case(_file("g.txt", b"\x1f\x8b\x08\x00\x00"), ["build", "g.txt", *OUT], 1,
                 f"error: g.txt: binary file (looks like a gzip archive) — {BINARY_FIX}\n"
                 "1 input(s) failed; nothing was written.\n"),
    "NUL bytes": Case(_file("n.txt", b"abc\x00\x01\x02\x00def"), ["build", "n.txt", *OUT], 1,
                      f"error: n.txt: binary file (contains NUL bytes) — {BINARY_FIX}\n"
                      "1 input(s) failed; nothing was written.\n"),
    "undecodable bytes": Case(_file("u.txt", b"\x80\xff" * 100), ["build", "u.txt", *OUT], 1,
                              "error: u.txt: not text in any known encoding — save it as UTF-8 (or pass a "
                              "GB18030, GBK, Big5 or UTF-16 file)\n1 input(s) failed; nothing was written.\n"),
    "broken UTF-8 after BOM": Case(_file("b.txt", b"\xef\xbb\xbf\xe6\x89\xb6\xff\xfe"), ["build", "b.txt", *OUT], 1,
                                   "error: b.txt: not valid UTF-8 although it starts with that byte-order mark — "
                                   "save it as UTF-8 (or pass a GB18030, GBK, Big5 or UTF-16 file)\n"
                                   "1 input(s) failed; nothing was written.\n"),
    "non-Chinese text": Case(_file("en.txt", "Poverty alleviation in Linfen, 2017.\n"), ["build", "en.txt", *OUT], 1,
                             "error: en.txt: no Chinese text found; not an article — pass a Chinese news "
                             "article (text or HTML)\n1 input(s) failed; nothing was written.\n"),
    "HTML without an article": Case(_file("404.html", "<html><body><h1>404 Not Found</h1><p>nginx</p></body></html>"),
                                    ["build", "404.html", *OUT], 1,
                                    "error: 404.html: no Chinese text found; not an article — pass a Chinese news "
                                    "article (text or HTML)\n1 input(s) failed; nothing was written.\n"),
    "50 MB file": Case(_sparse("big.txt", 50 * 2**20), ["build", "big.txt", *OUT], 1,
                       "error: big.txt: file too large (50.0 MB; the limit is 20 MB) — split it into one file "
                       "per article\n1 input(s) failed; nothing was written.\n"),
    "missing path": Case(None, ["build", "nope.txt", *OUT], 1,
                         "error: nope.txt: no such file — check the path\n1 input(s) failed; nothing was written.\n"),
    "dangling symlink": Case(lambda d: (d / "link.txt").symlink_to(d / "gone.txt"), ["build", "link.txt", *OUT], 1,
                             "error: link.txt: no such file — check the path\n"
                             "1 input(s) failed; nothing was written.\n"),
    "unreadable file": Case(_unreadable, ["build", "locked.txt", *OUT], 1,
                            ("error: locked.txt: is a named pipe (FIFO), not a file — pass a text or HTML article file\n"
                             if ROOT else "error: locked.txt: cannot read (Permission denied) — check the file's "
                             "permissions\n") + "1 input(s) failed; nothing was written.\n"),
    "FIFO": Case(lambda d: os.mkfifo(d / "pipe.txt"), ["build", "pipe.txt", *OUT], 1,
                 "error: pipe.txt: is a named pipe (FIFO), not a file — pass a text or HTML article file\n"
                 "1 input(s) failed; nothing was written.\n"),
    "directory named x.txt": Case(lambda d: (d / "x.txt").mkdir(), ["build", "x.txt", *OUT], 1,
                                  "error: x.txt: no article files found — pass files or folders holding .txt, "
                                  ".text, .md, .html, .htm files\n"),
    "mixed directory": Case(_mixed, ["build", "mix", "-o", "out/mixed.ttl"], 1,
                            "error: mix/empty.txt: empty file — pass an article with text\n"
                            "error: mix/notes.txt: no Chinese text found; not an article — pass a Chinese news "
                            "article (text or HTML)\n"
                            f"error: mix/photo.txt: binary file (looks like a PNG image) — {BINARY_FIX}\n"
                            "built out/mixed.ttl: 1 article(s), {triples} triples\n"
                            "3 input(s) failed; the others were built.\n", writes="out/mixed.ttl"),
    "bad -o extension": Case(_seed(), ["build", "seed.txt", "-o", "out/graph.txt"], 1,
                             "error: out/graph.txt: unknown RDF file extension '.txt' — use one of: .json .jsonld "
                             ".nq .nt .owl .rdf .trig .ttl\n"),
    "-o onto an article": Case(_seed(), ["build", "seed.txt", "-o", "seed.txt"], 1,
                               "error: seed.txt: unknown RDF file extension '.txt' — use one of: .json .jsonld .nq "
                               ".nt .owl .rdf .trig .ttl\n"),
    "-o whose parent is a file": Case(_seed(), ["build", "seed.txt", "-o", "seed.txt/graph.ttl"], 1,
                                      "error: seed.txt/graph.ttl: cannot create the output folder: seed.txt is a file "
                                      "— choose an output path inside a folder\n"),
    "-o is a folder": Case(_seed_and_folder, ["build", "seed.txt", "-o", "g.ttl"], 1,
                           "error: g.ttl: is a directory — give a file name, e.g. -o out/graph.ttl\n"),
    "-o into a missing folder": Case(_seed(), ["build", "seed.txt", "-o", "new/deeper/graph.nt"], 0,
                                     "built new/deeper/graph.nt: 1 article(s), {triples} triples\n",
                                     writes="new/deeper/graph.nt"),
    "unknown subcommand": Case(None, ["frobnicate"], 1, "error: No such command 'frobnicate'. (see `kg --help`)\n"),
    "unknown option": Case(None, ["build", "--zzz"], 1, "error: No such option: --zzz (see `kg --help`)\n"),
    "validate: missing file": Case(None, ["validate", "nope.ttl"], 1,
                                   "error: nope.ttl: no such graph file — run `kg build` first, or pass --graph FILE\n"),
    "validate: not RDF": Case(_seed(), ["validate", "seed.txt"], 1,
                              "error: seed.txt: unknown RDF file extension '.txt' — use one of: .json .jsonld .nq "
                              ".nt .owl .rdf .trig .ttl\n"),
    "validate: Turtle syntax error": Case(_file("broken.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b .\n"),
                                          ["validate", "broken.ttl"], 1, "error: broken.ttl: not valid turtle: {msg}"),
    "validate: PNG named .ttl": Case(_file("img.ttl", b"\x89PNG\r\n\x1a\n\x00"), ["validate", "img.ttl"], 1,
                                     "error: img.ttl: not valid turtle: {msg}"),
    "validate: does not conform": Case(_nonconforming, ["validate", "bad.ttl"], 1,
                                       "bad.ttl: does not conform to ontology/shapes.ttl\n"),
    "stats: missing file": Case(None, ["stats", "nope.ttl"], 1,
                                "error: nope.ttl: no such graph file — run `kg build` first, or pass --graph FILE\n"),
}


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "graph.ttl").write_text(PRIOR, encoding="utf-8")
    return tmp_path


def _assert_untouched(d: Path) -> None:
    assert (d / "out" / "graph.ttl").read_text(encoding="utf-8") == PRIOR
    assert not [p.name for p in d.rglob("*.part")], "a temporary file was left behind"


def _matches(expected: str, actual: str) -> bool:
    """Exact text, where `{triples}` stands for a number and `{msg}` for the parser's one line."""
    import re

    pattern = re.escape(expected).replace(r"\{triples\}", r"\d+").replace(r"\{msg\}", r"[^\n]+ — pass a graph "
                                                                           r"written by `kg build`\n")
    return re.fullmatch(pattern, actual) is not None


@pytest.mark.parametrize("name", CASES)
def test_bad_input(workdir, capsys, name):
    case = CASES[name]
    if case.setup:
        case.setup(workdir)
    started = time.monotonic()
    code = main(case.argv)
    err = capsys.readouterr().err
    assert code == case.code, err
    assert "Traceback" not in err
    assert _matches(case.stderr, err), err
    for line in err.splitlines():
        if line.startswith("error: ") and "(see `kg --help`)" not in line:
            assert " — " in line, "every error says how to fix it"
    _assert_untouched(workdir)
    if case.writes:
        assert (workdir / case.writes).stat().st_size > 0
    assert time.monotonic() - started < 30


def test_battery_is_large_enough():
    assert len(CASES) + len(FAULTS) >= 30


def test_big_file_is_refused_fast(workdir, capsys):
    _sparse("big.txt", 50 * 2**20)(workdir)
    started = time.monotonic()
    assert main(["build", "big.txt", *OUT]) == 1
    assert time.monotonic() - started < 2.0


# -- faults while writing --------------------------------------------------------------

def _interrupt_fsync(monkeypatch):
    def boom(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr(kg.rdf.files.os, "fsync", boom)


def _disk_full(monkeypatch):
    real = kg.rdf.files.os.fdopen

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.rdf.files.os, "fdopen", lambda fd, mode: Full(real(fd, mode)))


def _serialiser_fails(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("serialiser exploded")
    monkeypatch.setattr(kg.rdf.writer, "render_rdf", boom)


def _rename_fails(monkeypatch):
    def boom(src, dst):
        raise OSError(18, "Invalid cross-device link")
    monkeypatch.setattr(kg.rdf.files.os, "replace", boom)


FAULTS = {
    "Ctrl-C mid-write": (_interrupt_fsync, 130, "interrupted; outputs were left as they were\n"),
    "Ctrl-C mid-write (output kept)": (_interrupt_fsync, 130, None),
    "disk full": (_disk_full, 1, "error: out/graph.ttl: cannot write (No space left on device); the previous file "
                                 "was left as it was — free some disk space or choose another output folder\n"),
    "rename fails": (_rename_fails, 1, "error: out/graph.ttl: cannot write (Invalid cross-device link); the previous "
                                       "file was left as it was — free some disk space or choose another output "
                                       "folder\n"),
    "serialisation fails": (_serialiser_fails, 2, "internal error: RuntimeError: serialiser exploded (rerun with "
                                                  "KG_DEBUG=1 for details)\n"),
}


@pytest.mark.parametrize(("inject", "code", "message"), FAULTS.values(), ids=FAULTS.keys())
def test_fault_leaves_previous_output(workdir, capsys, monkeypatch, inject, code, message):
    _seed()(workdir)
    monkeypatch.delenv("KG_DEBUG", raising=False)
    inject(monkeypatch)
    assert main(["build", "seed.txt", *OUT]) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if message is not None:
        assert err == message
    _assert_untouched(workdir)


def test_rewrite_keeps_permissions(workdir, capsys):
    _seed()(workdir)
    (workdir / "out" / "graph.ttl").chmod(0o640)
    assert main(["build", "seed.txt", *OUT]) == 0
    assert (workdir / "out" / "graph.ttl").stat().st_mode & 0o777 == 0o640
    assert (workdir / "out" / "graph.ttl").read_text(encoding="utf-8") != PRIOR


def test_new_output_is_world_readable_like_open(workdir, capsys):
    _seed()(workdir)
    assert main(["build", "seed.txt", "-o", "out/new.ttl"]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert (workdir / "out" / "new.ttl").stat().st_mode & 0o777 == 0o666 & ~umask


def test_atomic_write_refuses_non_output_files(tmp_path):
    from kg.model.errors import OutputError

    notes = tmp_path / "notes.txt"
    notes.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="refusing to overwrite a .txt file that kg did not write"):
        kg.rdf.files.atomic_write(notes, b"x")
    assert notes.read_text(encoding="utf-8") == "keep me"
    kg.rdf.files.atomic_write(tmp_path / "view.html", "<p>ok</p>")  # a new file of ours is fine
    kg.rdf.files.atomic_write(tmp_path / "view.html", "<p>again</p>")
    assert (tmp_path / "view.html").read_text(encoding="utf-8") == "<p>again</p>"


def test_bad_base_iri_is_a_user_error(workdir, capsys):
    _seed()(workdir)
    assert main(["build", "seed.txt", "--base", "not-an-iri", *OUT]) == 1

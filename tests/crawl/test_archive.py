"""The raw WARC archive: real files on local disk and in fsspec's `memory://`, no mocks."""

from __future__ import annotations

import gzip
import itertools
import random
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from upath import UPath
from warcio.archiveiterator import ArchiveIterator

from etl._article import ArchiveRecord
from etl._errors import NewsarchiveError
from etl._pipeline import Input
from etl.crawl._archive import (
    ArchiveError,
    RawResponse,
    WarcBatchWriter,
    archive_root,
    iter_responses,
    iter_warc_files,
    read_record,
    warc_path,
)

DAY = date(2024, 5, 1)
WARCIO = Path(sys.executable).with_name("warcio")


def _big_page() -> bytes:
    """~200 KB of HTML that does not compress to nothing: crosses warcio's 16 KB buffers."""
    rng = random.Random(7)
    words = ["president", "summit", "said", "Zürich", "économie", "talks", "Kyiv", "tariffs"]
    paras = (
        " ".join(rng.choice(words) + str(rng.randrange(999)) for _ in range(80)) for _ in range(300)
    )
    return ("<html><body>" + "".join(f"<p>{p}</p>" for p in paras) + "</body></html>").encode()


# What a fetcher hands over: (url, status, headers, body, fetched_at, ip).
RESPONSES = [
    (
        "https://news.example/2024/05/01/summit",
        200,
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Set-Cookie", "a=1; Path=/"),
            ("Set-Cookie", "b=2; Path=/"),
            ("Vary", "Accept-Encoding"),
            ("Vary", "Cookie"),
        ],
        "<html><p>Zürich — 東京 «quote» 👍</p></html>".encode(),
        "2024-05-01T10:00:00+02:00",
        "93.184.216.34",
    ),
    (
        "https://news.example/fr/cafe?x=1&y=%C3%BC",
        200,
        [("Content-Type", "text/html; charset=windows-1252"), ("Server", "old")],
        "<meta charset=windows-1252><p>“Smart quotes” café – €5</p>".encode("cp1252"),
        "2024-05-01T08:00:01.250000Z",
        None,
    ),
    (
        "https://news.example/blob.bin",
        404,
        [("Content-Type", "application/octet-stream")],
        bytes(range(256)) * 4 + b"\r\n\r\nWARC/1.1\r\n\r\n\x00\x00\x1f\x8b",
        "2024-05-01T08:00:02",  # naive: taken as UTC
        "2001:db8::1",
    ),
    (
        "https://news.example/moved",
        301,
        [("Location", "https://news.example/new"), ("Content-Type", "text/html")],
        b"",
        "2024-05-01T08:00:03Z",
        None,
    ),
    (
        "https://news.example/long",
        200,
        [("Content-Type", "text/html; charset=utf-8")],
        _big_page(),
        "2024-05-01T08:00:04Z",
        None,
    ),
]
FETCHED_AT = [
    "2024-05-01T08:00:00Z",
    "2024-05-01T08:00:01.250000Z",
    "2024-05-01T08:00:02Z",
    "2024-05-01T08:00:03Z",
    "2024-05-01T08:00:04Z",
]


@pytest.fixture(params=["local", "memory"])
def root(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An archive root: a tmp folder, or a fresh `memory://` bucket removed afterwards."""
    if request.param == "local":
        yield str(tmp_path / "warc")
        return
    url = f"memory://t{uuid.uuid4().hex[:12]}/warc"
    yield url
    path = UPath(url)
    if path.exists():
        path.fs.rm(path.path, recursive=True)


def _write(root: str, name: str = "batch-1", day: date = DAY, items=RESPONSES) -> list:
    with WarcBatchWriter(root, name, day) as warc:
        pointers = [
            warc.write_response(url, status=st, headers=h, body=b, fetched_at=t, ip=ip)
            for url, st, h, b, t, ip in items
        ]
    assert warc.records == len(items)
    return pointers


def _check(response: RawResponse, i: int) -> None:
    url, status, headers, body, _, ip = RESPONSES[i]
    assert (response.url, response.status, response.headers) == (url, status, headers)
    assert response.body == body
    assert response.fetched_at == FETCHED_AT[i]
    assert response.ip == ip


# --- writing and reading ---------------------------------------------------------------------


def test_round_trip_and_random_access(root: str) -> None:
    pointers = _write(root)
    expected = str(warc_path(root, "batch-1", DAY))
    assert expected.endswith("/2024/05/01/batch-1.warc.gz")
    assert all(p.warc == expected for p in pointers)
    assert len({p.record_id for p in pointers}) == len(pointers)
    # Records follow each other: each pointer starts where the previous record ends.
    for before, after in itertools.pairwise(pointers):
        assert before.offset + before.length == after.offset
    assert UPath(expected).stat().st_size == pointers[-1].offset + pointers[-1].length
    # Random access, in any order.
    order = list(range(len(pointers)))
    random.Random(1).shuffle(order)
    for i in order:
        _check(read_record(pointers[i]), i)
    # And the whole file, in order, with the same pointers.
    walked = list(iter_responses(expected))
    assert [p for p, _ in walked] == pointers
    for i, (_, response) in enumerate(walked):
        _check(response, i)
    assert walked[0][1].header("set-cookie") == "a=1; Path=/"
    assert walked[1][1].body.decode("cp1252").endswith("café – €5</p>")


def test_pointer_survives_json(tmp_path: Path) -> None:
    """Articles store the pointer as JSON; it must come back usable."""
    pointer = _write(str(tmp_path), items=RESPONSES[:1])[0]
    _check(read_record(ArchiveRecord(**dict(pointer.__dict__))), 0)


def test_valid_for_warcio_itself(tmp_path: Path) -> None:
    pointers = _write(str(tmp_path))
    path = pointers[0].warc
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh, check_digests="raise")
        seen = []
        for record in it:
            body = record.content_stream().read()
            seen.append((record.rec_type, it.get_record_offset(), body))
    assert [t for t, _, _ in seen] == ["warcinfo"] + ["response"] * len(RESPONSES)
    assert [o for _, o, _ in seen[1:]] == [p.offset for p in pointers]
    assert [b for _, _, b in seen[1:]] == [r[3] for r in RESPONSES]
    assert b"logical-date: 2024-05-01" in seen[0][2]
    # Every record is its own gzip member: decompressing the slice alone works.
    with open(path, "rb") as fh:
        fh.seek(pointers[2].offset)
        assert gzip.decompress(fh.read(pointers[2].length)).startswith(b"WARC/1.1\r\n")


@pytest.mark.skipif(not WARCIO.exists(), reason="the warcio command is not in the venv")
def test_warcio_check_and_index(tmp_path: Path) -> None:
    pointers = _write(str(tmp_path))
    path = pointers[0].warc
    check = subprocess.run(
        [str(WARCIO), "check", "-v", path], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("digest pass") == len(RESPONSES) + 1
    index = subprocess.run(
        [str(WARCIO), "index", "-f", "offset,length,warc-type,warc-target-uri,http:status", path],
        capture_output=True,
        text=True,
        check=True,
    )
    lines = index.stdout.splitlines()
    assert len(lines) == len(RESPONSES) + 1
    for line, pointer, (url, status, *_) in zip(lines[1:], pointers, RESPONSES, strict=True):
        assert f'"offset": "{pointer.offset}", "length": "{pointer.length}"' in line
        assert f'"warc-target-uri": "{url}", "http:status": "{status}"' in line


def test_decoded_bodies_do_not_claim_an_encoding(tmp_path: Path) -> None:
    """The fetcher stores the decoded body: encoding headers are kept aside, so neither we nor
    `warcio check` (which decodes Content-Encoding) try to gunzip plain HTML."""
    body = b"<html>plain</html>"
    headers = [
        ("Content-Type", "text/html"),
        ("Content-Encoding", "gzip"),
        ("Transfer-Encoding", "chunked"),
        ("Content-Length", "31"),
        ("X-Evil", "a\r\nInjected: yes"),
    ]
    with WarcBatchWriter(tmp_path, "enc", DAY) as warc:
        pointer = warc.write_response(
            "https://e.example/",
            status=200,
            headers=dict(headers),
            body=body,
            fetched_at="2024-05-01",
        )
    response = read_record(pointer)
    assert response.body == body
    assert response.headers == [
        ("Content-Type", "text/html"),
        ("X-Crawler-Content-Encoding", "gzip"),
        ("X-Crawler-Transfer-Encoding", "chunked"),
        ("X-Crawler-Content-Length", "31"),
        ("X-Evil", "a  Injected: yes"),
        ("Content-Length", str(len(body))),
    ]
    assert response.header("injected") is None
    with open(pointer.warc, "rb") as fh:
        record = next(r for r in ArchiveIterator(fh) if r.rec_type == "response")
        assert record.content_stream().read() == body  # warcio decodes nothing


def test_threads_share_one_writer(tmp_path: Path) -> None:
    with WarcBatchWriter(tmp_path, "threads", DAY) as warc:
        pointers: list[ArchiveRecord] = []

        def work(n: int) -> None:
            for i in range(25):
                body = f"<p>{n}-{i}</p>".encode() * (i + 1)
                pointers.append(
                    warc.write_response(
                        f"https://t.example/{n}/{i}",
                        status=200,
                        headers=[],
                        body=body,
                        fetched_at="2024-05-01T00:00:00Z",
                    )
                )

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(pointers) == 100
    for pointer in pointers:
        response = read_record(pointer)
        n, i = (int(x) for x in response.url.rsplit("/", 2)[1:])
        assert response.body == f"<p>{n}-{i}</p>".encode() * (i + 1)


def test_to_input_reprocesses_without_fetching(tmp_path: Path) -> None:
    record, response = next(iter_responses(_write(str(tmp_path), items=RESPONSES[:1])[0].warc))
    item = response.to_input(record, source="example")
    assert isinstance(item, Input)
    assert (item.key, item.url, item.html, item.archive) == (
        RESPONSES[0][0],
        RESPONSES[0][0],
        RESPONSES[0][3],
        record,
    )
    assert (item.fetched_at, item.source) == (FETCHED_AT[0], "example")


# --- idempotency and atomicity ----------------------------------------------------------------


def test_rerunning_a_batch_rewrites_the_same_file(root: str) -> None:
    first = _write(root, "daily")
    second = _write(root, "daily", items=RESPONSES[:3])
    files = list(iter_warc_files(root))
    assert [str(f) for f in files] == [first[0].warc] == [second[0].warc]
    assert len(list(iter_responses(files[0]))) == 3  # replaced, not appended
    _write(root, "daily")
    assert len(list(iter_responses(files[0]))) == len(RESPONSES)
    # A pointer from an earlier run never silently reads another run's record.
    latest = list(iter_responses(files[0]))
    stale = ArchiveRecord(
        latest[0][0].warc, latest[0][0].offset, latest[0][0].length, first[0].record_id
    )
    with pytest.raises(ArchiveError, match="stale pointer"):
        read_record(stale)
    # The same instant, other time zone: the same file (dates are UTC).
    _write(root, "daily", datetime(2024, 4, 30, 20, 0, tzinfo=timezone(timedelta(hours=-5))))
    assert len(list(iter_warc_files(root))) == 1


def test_failed_batch_leaves_no_final_file(root: str) -> None:
    final = warc_path(root, "crash", DAY)
    with pytest.raises(RuntimeError, match="boom"), WarcBatchWriter(root, "crash", DAY) as warc:
        warc.write_response(
            "https://c.example/", status=200, headers=[], body=b"x", fetched_at="2024-05-01"
        )
        assert not final.exists()  # nothing under the final name while writing
        raise RuntimeError("boom")
    assert not final.exists()
    assert list(iter_warc_files(root)) == []
    if final.protocol == "":  # and no temporary file left behind on local disk
        assert list(Path(final.path).parent.iterdir()) == []


def test_failed_rerun_keeps_the_previous_file(root: str) -> None:
    pointers = _write(root, "keep")
    with pytest.raises(RuntimeError), WarcBatchWriter(root, "keep", DAY) as warc:
        warc.write_response(
            "https://c.example/", status=200, headers=[], body=b"x", fetched_at="2024-05-01"
        )
        raise RuntimeError("task killed")
    assert len(list(iter_responses(pointers[0].warc))) == len(RESPONSES)
    _check(read_record(pointers[-1]), len(RESPONSES) - 1)


def test_writer_misuse() -> None:
    warc = WarcBatchWriter("memory://misuse/warc", "b", DAY)
    with pytest.raises(ArchiveError, match="not open"):
        warc.write_response("https://x/", status=200, headers=[], body=b"", fetched_at="2024-05-01")
    with pytest.raises(ValueError, match="bad batch name"):
        WarcBatchWriter("memory://misuse/warc", "../escape", DAY)
    with (
        pytest.raises(ValueError, match="bad HTTP status"),
        WarcBatchWriter("memory://misuse/warc", "b", DAY) as warc,
    ):
        warc.write_response("https://x/", status=0, headers=[], body=b"", fetched_at="2024-05-01")
    assert not warc_path("memory://misuse/warc", "b", DAY).exists()
    with pytest.raises(ArchiveError, match="nothing to store, the writer is dropped"):
        warc.close()  # a dropped batch is never stored afterwards
    with pytest.raises(ArchiveError, match="opened once"):
        warc.open()


# --- layout -----------------------------------------------------------------------------------


def test_iter_warc_files_by_date(root: str) -> None:
    days = [date(2023, 12, 31), date(2024, 4, 30), DAY, date(2024, 5, 31), date(2024, 6, 1)]
    for day in days:
        with WarcBatchWriter(root, "b", day):
            pass
    with WarcBatchWriter(root, "a", DAY):
        pass
    airflow_run = "scheduled__2024-05-01T00:00:00+00:00"
    with WarcBatchWriter(root, airflow_run, DAY):
        pass
    # Things that are not batch files are skipped.
    base = archive_root(root)
    (base / "2024" / "05" / "01" / "notes.txt").write_text("x")
    (base / "2024" / "05" / "01" / ".b.abc123.tmp").write_bytes(b"half")
    for junk in (base / "2024" / "13" / "01", base / "misc", base / "2024" / "02" / "30"):
        junk.mkdir(parents=True, exist_ok=True)
        (junk / "x.warc.gz").write_bytes(b"")

    def names(**kw: date) -> list[str]:
        return [str(p).split("/warc/", 1)[1] for p in iter_warc_files(root, **kw)]

    assert names() == [
        "2023/12/31/b.warc.gz",
        "2024/04/30/b.warc.gz",
        "2024/05/01/a.warc.gz",
        "2024/05/01/b.warc.gz",
        f"2024/05/01/{airflow_run}.warc.gz",
        "2024/05/31/b.warc.gz",
        "2024/06/01/b.warc.gz",
    ]
    assert names(since=DAY, until=DAY) == [
        "2024/05/01/a.warc.gz",
        "2024/05/01/b.warc.gz",
        f"2024/05/01/{airflow_run}.warc.gz",
    ]
    assert names(since=date(2024, 5, 2)) == ["2024/05/31/b.warc.gz", "2024/06/01/b.warc.gz"]
    assert names(until=date(2024, 4, 30)) == ["2023/12/31/b.warc.gz", "2024/04/30/b.warc.gz"]
    assert names(since=date(2024, 5, 31), until=date(2024, 5, 31)) == ["2024/05/31/b.warc.gz"]
    assert names(since=date(2025, 1, 1)) == []
    assert list(iter_warc_files(root + "/nothing-here")) == []
    # Empty batches are still valid WARC files: one warcinfo record, no responses.
    assert list(iter_responses(warc_path(root, airflow_run, DAY))) == []


def test_archive_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSARCHIVE_HOME", str(tmp_path / "home"))
    assert archive_root() == UPath(tmp_path / "home" / "warc")
    monkeypatch.chdir(tmp_path)
    assert str(archive_root("rel/warc")) == str(tmp_path / "rel" / "warc")
    assert str(archive_root(f"file://{tmp_path}/w")) == f"file://{tmp_path}/w"
    assert archive_root("memory://bucket/warc").protocol == "memory"
    given = UPath("memory://bucket/x")
    assert archive_root(given) is given
    with pytest.raises(ArchiveError, match="nosuch://x"):
        archive_root("nosuch://x/warc")
    # file:// roots work like plain paths.
    pointers = _write(f"file://{tmp_path}/w", items=RESPONSES[:2])
    assert pointers[0].warc == f"file://{tmp_path}/w/2024/05/01/batch-1.warc.gz"
    _check(read_record(pointers[1]), 1)


def test_library_does_not_import_airflow() -> None:
    code = "import sys, etl.crawl._archive; print(sorted(m for m in sys.modules if 'airflow' in m))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- damaged files and bad pointers -------------------------------------------------------------


def _damaged(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / f"damaged-{uuid.uuid4().hex[:6]}.warc.gz"
    path.write_bytes(data)
    return str(path)


def _one_line_naming(exc: pytest.ExceptionInfo[ArchiveError], path: str) -> None:
    assert isinstance(exc.value, NewsarchiveError)
    message = str(exc.value)
    assert path in message and "\n" not in message and len(message) < 400, message


@pytest.mark.parametrize("cut", [1, 9, 40, "half"])
def test_truncated_file(tmp_path: Path, cut: int | str) -> None:
    pointers = _write(str(tmp_path / "warc"))
    data = Path(pointers[0].warc).read_bytes()
    last = pointers[-1]
    keep = last.offset + last.length // 2 if cut == "half" else len(data) - int(cut)
    path = _damaged(tmp_path, data[:keep])
    with pytest.raises(ArchiveError) as exc:
        list(iter_responses(path))
    _one_line_naming(exc, path)
    with pytest.raises(ArchiveError) as exc:
        read_record(ArchiveRecord(path, last.offset, last.length, last.record_id))
    _one_line_naming(exc, path)
    # The records before the damage are still readable, by pointer and in order.
    first = pointers[0]
    _check(read_record(ArchiveRecord(path, first.offset, first.length, first.record_id)), 0)
    got = []
    with pytest.raises(ArchiveError):
        for _, response in iter_responses(path):
            got.append(response.url)
    assert got == [r[0] for r in RESPONSES[:-1]]


@pytest.mark.parametrize("where", ["start", "middle", "crc"])
def test_corrupt_bytes(tmp_path: Path, where: str) -> None:
    pointers = _write(str(tmp_path / "warc"))
    target = pointers[1]
    pos = {
        "start": target.offset + 12,
        "middle": target.offset + target.length // 2,
        "crc": target.offset + target.length - 6,
    }[where]
    data = bytearray(Path(pointers[0].warc).read_bytes())
    data[pos] ^= 0x55
    path = _damaged(tmp_path, bytes(data))
    with pytest.raises(ArchiveError) as exc:
        read_record(ArchiveRecord(path, target.offset, target.length, target.record_id))
    _one_line_naming(exc, path)
    with pytest.raises(ArchiveError) as exc:
        list(iter_responses(path))
    _one_line_naming(exc, path)


def test_bad_pointers(tmp_path: Path) -> None:
    pointers = _write(str(tmp_path))
    path, p = pointers[0].warc, pointers[1]
    bad = [
        ArchiveRecord(path, p.offset + 1, p.length, p.record_id),  # not a record start
        ArchiveRecord(path, p.offset, p.length - 1, p.record_id),  # not the whole record
        ArchiveRecord(path, p.offset, p.length + pointers[2].length, p.record_id),  # two
        ArchiveRecord(path, 0, pointers[0].offset, None),  # the warcinfo record
        ArchiveRecord(path, 10**9, 100, None),  # past the end
        ArchiveRecord(path, -1, 100, None),
        ArchiveRecord(path, p.offset, p.length, pointers[2].record_id),  # someone else's id
    ]
    for pointer in bad:
        with pytest.raises(ArchiveError) as exc:
            read_record(pointer)
        _one_line_naming(exc, path)
    missing = str(tmp_path / "nope.warc.gz")
    for call in (
        lambda: read_record(ArchiveRecord(missing, 0, 10)),
        lambda: list(iter_responses(missing)),
    ):
        with pytest.raises(ArchiveError, match="no such WARC file") as exc:
            call()
        _one_line_naming(exc, missing)
    memory = "memory://nope/x.warc.gz"
    with pytest.raises(ArchiveError, match="no such WARC file"):
        read_record(ArchiveRecord(memory, 0, 10))


def test_not_a_warc(tmp_path: Path) -> None:
    for data in (b"<html>not a warc</html>\n" * 50, gzip.compress(b"just text\n" * 50)):
        path = _damaged(tmp_path, data)
        with pytest.raises(ArchiveError) as exc:
            list(iter_responses(path))
        _one_line_naming(exc, path)


def test_remote_batches_leave_no_local_temp_file(tmp_path: Path) -> None:
    """For object stores the batch is spooled to a local temp file, uploaded, then removed."""
    spool = Path(tempfile.gettempdir())
    before = {p.name for p in spool.glob(".batch-1.*.tmp")}
    url = f"memory://t{uuid.uuid4().hex[:12]}/warc"
    _write(url, items=RESPONSES[:1])
    with pytest.raises(RuntimeError), WarcBatchWriter(url, "batch-1", DAY):
        raise RuntimeError
    assert {p.name for p in spool.glob(".batch-1.*.tmp")} == before
    UPath(url).fs.rm(UPath(url).path, recursive=True)

"""The raw archive: every fetched response goes into a WARC file, so reprocessing never refetches.

Layout: one gzip-per-record WARC file per batch,

    <root>/<YYYY>/<MM>/<DD>/<batch_name>.warc.gz

where the date is the batch's *logical* date (the Airflow logical date, or the day a CLI run is
for), never `now()`: re-running a batch rewrites the same file, it does not add a second one.

Storage goes through one path abstraction, `upath.UPath` (fsspec), the same one Airflow's
`ObjectStoragePath` is built on: a local folder by default, `s3://`, `gs://` or `memory://` work
the same way (remote ones need their fsspec package, e.g. s3fs or gcsfs). Airflow is not
imported here; an `ObjectStoragePath` can be passed wherever a root is expected.

A batch is written to a temporary local file and only moved (local disk: atomic rename) or
uploaded (object stores) under its final name when the writer closes without an error, so a
crashed task never leaves a half-written WARC under the final name. Each article keeps an
`ArchiveRecord` (file, byte offset and length of its gzip member, WARC-Record-ID) so a reader can
seek straight to its record: `read_record`.
"""

from __future__ import annotations

import http
import io
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from upath import UPath
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .._article import ArchiveRecord
from .._errors import NewsarchiveError

if TYPE_CHECKING:
    from .._pipeline import Input

WARC_SUFFIX = ".warc.gz"
WARC_VERSION = "1.1"
_BATCH_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+=-]{0,199}")
_LOCAL_PROTOCOLS = ("", "file", "local")
# Headers that describe an encoding the stored body no longer has (the fetcher stores the decoded
# body): kept under this prefix so that readers (and `warcio check`) do not decode twice.
_DECODED_PREFIX = "X-Crawler-"
_ENCODING_HEADERS = ("content-encoding", "transfer-encoding")


class ArchiveError(NewsarchiveError):
    """A WARC file is missing, truncated or corrupt, or a record pointer is wrong."""


@dataclass
class RawResponse:
    """One archived HTTP response, as fetched."""

    url: str
    status: int
    headers: list[tuple[str, str]]  # in order, duplicates kept
    body: bytes  # the entity body as the fetcher got it (transfer/content encodings decoded)
    fetched_at: str  # ISO 8601 UTC: the WARC-Date
    ip: str | None = None  # WARC-IP-Address, if it was recorded
    record_id: str | None = field(default=None, repr=False)

    def header(self, name: str, default: str | None = None) -> str | None:
        """The first value of header `name` (case-insensitive)."""
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), default)

    def to_input(self, archive: ArchiveRecord | None = None, *, source: str | None = None) -> Input:
        """A pipeline `Input` for reprocessing this response without refetching it."""
        from .._pipeline import Input

        return Input(
            key=self.url,
            url=self.url,
            html=self.body,
            source=source,
            fetched_at=self.fetched_at,
            archive=archive,
        )


# --- paths ---------------------------------------------------------------------------------------


def archive_root(location: str | os.PathLike[str] | None = None, **storage_options: Any) -> UPath:
    """The archive root as a `UPath`: a local path, or a URL (`file://`, `s3://`, `gs://`,
    `memory://`; `storage_options` go to fsspec). `None` means `<NEWSARCHIVE_HOME>/warc`.
    A `UPath` (or Airflow `ObjectStoragePath`) is returned as it is."""
    if location is None:
        from .._settings import Settings

        return UPath(Settings().home / "warc")
    text = str(location) if isinstance(location, UPath) else os.fspath(location)
    try:
        if isinstance(location, UPath) and not storage_options:
            path = location
        elif "://" not in text:
            return UPath(Path(text).expanduser().absolute(), **storage_options)
        else:
            path = UPath(text, **storage_options)
        path.fs  # noqa: B018 -- fail here, not mid-batch, when e.g. s3fs is not installed
        return path
    except (ImportError, ValueError, TypeError) as exc:
        raise ArchiveError(f"cannot use archive location {text}: {_one_line(exc)}") from exc


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return _as_date(datetime.fromisoformat(value))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a date: {value!r}") from exc


def warc_path(
    root: str | os.PathLike[str], batch_name: str, logical_date: date | datetime | str
) -> UPath:
    """Where the WARC file of a batch lives: `<root>/<YYYY>/<MM>/<DD>/<batch_name>.warc.gz`."""
    if not isinstance(batch_name, str) or not _BATCH_NAME.fullmatch(batch_name):
        raise ValueError(
            f"bad batch name {batch_name!r}: use 1-200 of A-Z a-z 0-9 . _ : + = -, "
            "not starting with a dot or a dash"
        )
    day = _as_date(logical_date)
    return (
        archive_root(root) / f"{day:%Y}" / f"{day:%m}" / f"{day:%d}" / f"{batch_name}{WARC_SUFFIX}"
    )


def _is_local(path: UPath) -> bool:
    return path.protocol in _LOCAL_PROTOCOLS


def _one_line(exc: BaseException) -> str:
    """A short printable line: warcio's messages can hold the raw (binary) bytes it choked on."""
    text = str(exc).split(", first line:")[0]  # "Unknown archive format, first line: <junk>"
    text = " ".join(text.encode("ascii", "backslashreplace").decode("ascii").split())
    text = text or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


# --- writing -------------------------------------------------------------------------------------


def _warc_date(value: str | datetime) -> str:
    """ISO 8601 UTC with a `Z`, microseconds kept when there are any (WARC/1.1 allows them)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"fetched_at is not an ISO 8601 date-time: {value!r}") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    spec = "%Y-%m-%dT%H:%M:%S.%fZ" if value.microsecond else "%Y-%m-%dT%H:%M:%SZ"
    return value.strftime(spec)


def _clean(text: str) -> str:
    """No CR/LF in a header line: they would end it early (header injection)."""
    return text.replace("\r", " ").replace("\n", " ").strip()


def _header_list(
    headers: Iterable[tuple[str, str]] | Mapping[str, str], body_len: int
) -> list[tuple[str, str]]:
    if hasattr(headers, "multi_items"):  # httpx.Headers: keeps duplicated headers apart
        pairs = list(headers.multi_items())
    elif isinstance(headers, Mapping):
        pairs = list(headers.items())
    else:
        pairs = list(headers)
    out: list[tuple[str, str]] = []
    decoded = False
    for name, value in pairs:
        name, value = _clean(str(name)), _clean(str(value))
        if name.lower() in _ENCODING_HEADERS and value.lower() != "identity":
            out.append((_DECODED_PREFIX + name, value))
            decoded = True
        else:
            out.append((name, value))
    lengths = [i for i, (name, _) in enumerate(out) if name.lower() == "content-length"]
    if decoded or any(out[i][1] != str(body_len) for i in lengths):
        # The stored body is not what Content-Length counted: keep the original aside and say
        # how long the stored body is, so that readers take exactly the body.
        for i in lengths:
            out[i] = (_DECODED_PREFIX + out[i][0], out[i][1])
        if lengths or decoded:
            out.append(("Content-Length", str(body_len)))
    return out


class WarcBatchWriter:
    """Write the responses of one batch to `<root>/<YYYY>/<MM>/<DD>/<batch_name>.warc.gz`.

        with WarcBatchWriter(root, "news-20240501", logical_date) as warc:
            pointer = warc.write_response(url, status=200, headers=..., body=..., fetched_at=...)

    The file appears under its final name only when the `with` block ends without an error; it
    replaces the file of an earlier run of the same batch (idempotent re-runs). The returned
    `ArchiveRecord`s point into that final file. One writer may be shared by threads.
    """

    def __init__(
        self,
        root: str | os.PathLike[str] | None,
        batch_name: str,
        logical_date: date | datetime | str,
        *,
        info: Mapping[str, str] | None = None,
    ) -> None:
        self.root = archive_root(root)
        self.batch_name = batch_name
        self.logical_date = _as_date(logical_date)
        self.path = warc_path(self.root, batch_name, self.logical_date)
        self.url = str(self.path)  # what `ArchiveRecord.warc` holds
        self.records = 0  # response records written
        self._info = dict(info or {})
        self._tmp: Path | None = None
        self._file: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._lock = threading.RLock()
        self._state = "new"  # -> "open" -> "stored" | "dropped"

    # context manager -----------------------------------------------------------------------------

    def __enter__(self) -> WarcBatchWriter:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def open(self) -> None:
        """Start the temporary file and write its warcinfo record (done by `with`)."""
        if self._state != "new":
            raise ArchiveError(f"{self.url}: a writer is opened once")
        self._state = "open"
        # Local disk: the temporary file sits next to the final name (same file system, so the
        # rename is atomic); object stores: in the local temp folder, uploaded on close.
        folder = Path(self.path.path).parent if _is_local(self.path) else None
        try:
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f".{self.batch_name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            self._state = "dropped"
            raise ArchiveError(f"{self.url}: cannot start the file: {_one_line(exc)}") from exc
        self._tmp = Path(name)
        self._file = os.fdopen(fd, "wb")
        self._writer = WARCWriter(self._file, gzip=True, warc_version=WARC_VERSION)
        info = {
            "software": f"newsarchive warcio/{version('warcio')}",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/"
            "specifications/warc-format/warc-1.1/",
            "batch": self.batch_name,
            "logical-date": self.logical_date.isoformat(),
            **self._info,
        }
        self._writer.write_record(self._writer.create_warcinfo_record(self.path.name, info))

    def write_response(
        self,
        url: str,
        *,
        status: int,
        headers: Iterable[tuple[str, str]] | Mapping[str, str],
        body: bytes,
        fetched_at: str | datetime,
        ip: str | None = None,
        reason: str | None = None,
        protocol: str = "HTTP/1.1",
    ) -> ArchiveRecord:
        """Write one `response` record; return where it is (valid once the writer has closed).

        `body` is the entity body as received after decoding; `Content-Encoding` and
        `Transfer-Encoding` headers are kept as `X-Crawler-Content-Encoding` etc. and
        `Content-Length` is made to match the stored body (the original is kept the same way).
        Header values must be text; non-ASCII ones are %-encoded by warcio (RFC 8187)."""
        if not isinstance(status, int) or not 100 <= status <= 999:
            raise ValueError(f"bad HTTP status {status!r} for {url}")
        if not isinstance(body, bytes | bytearray | memoryview):
            raise TypeError(f"body must be bytes, not {type(body).__name__}")
        body = bytes(body)
        if reason is None:
            try:
                reason = http.HTTPStatus(status).phrase
            except ValueError:
                reason = ""
        statusline = f"{status} {_clean(reason)}".strip()
        http_headers = StatusAndHeaders(
            statusline, _header_list(headers, len(body)), protocol=_clean(protocol)
        )
        warc_headers = {"WARC-Date": _warc_date(fetched_at)}
        if ip:
            warc_headers["WARC-IP-Address"] = _clean(ip)
        with self._lock:
            if self._state != "open" or self._writer is None or self._file is None:
                raise ArchiveError(f"{self.url}: the writer is {self._state}, not open")
            record = self._writer.create_warc_record(
                _clean(url),
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http_headers,
                warc_headers_dict=warc_headers,
            )
            offset = self._file.tell()
            try:
                self._writer.write_record(record)
            except Exception as exc:  # a half-written record: the batch file is unusable
                self.abort()
                raise ArchiveError(
                    f"{self.url}: writing {url} failed, the batch is dropped: {_one_line(exc)}"
                ) from exc
            length = self._file.tell() - offset
            self.records += 1
        return ArchiveRecord(
            warc=self.url,
            offset=offset,
            length=length,
            record_id=record.rec_headers.get_header("WARC-Record-ID"),
        )

    def close(self) -> None:
        """Finish the file and put it under its final name (replacing an earlier run's)."""
        with self._lock:
            if self._state == "stored":
                return
            if self._state != "open" or self._file is None or self._tmp is None:
                raise ArchiveError(f"{self.url}: nothing to store, the writer is {self._state}")
            tmp, file = self._tmp, self._file
            self._file = self._writer = None
            self._state = "stored"
            try:
                file.flush()
                os.fsync(file.fileno())
                file.close()
                if _is_local(self.path):
                    final = Path(self.path.path)
                    os.replace(tmp, final)
                    _fsync_dir(final.parent)
                else:
                    _upload(tmp, self.path)
            except Exception as exc:
                self._state = "dropped"
                raise ArchiveError(
                    f"{self.url}: cannot store the WARC file: {_one_line(exc)}"
                ) from exc
            finally:
                file.close()
                tmp.unlink(missing_ok=True)
                self._tmp = None

    def abort(self) -> None:
        """Drop the temporary file; the final name is left as it was."""
        with self._lock:
            if self._state == "stored":
                return
            self._state = "dropped"
            if self._file is not None:
                self._file.close()
            if self._tmp is not None:
                self._tmp.unlink(missing_ok=True)
            self._file = self._writer = None
            self._tmp = None


def _upload(local: Path, target: UPath) -> None:
    """One upload of the finished file: an object store shows it only once it is complete."""
    try:
        target.fs.put_file(str(local), target.path)
    except FileNotFoundError:  # a file system with real folders (sftp, smb...): make them first
        target.fs.makedirs(target.parent.path, exist_ok=True)
        target.fs.put_file(str(local), target.path)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- reading -------------------------------------------------------------------------------------


def _path(warc: str | os.PathLike[str]) -> UPath:
    return archive_root(warc)


def _read_body(record: ArcWarcRecord) -> bytes:
    """The whole block after the HTTP headers; its digests are checked once it is all read."""
    body = record.raw_stream.read()
    # The stream stops at Content-Length, and digests are only checked when it gets there: a
    # body cut short must be caught here.
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:
        raise ArchiveError(f"record cut short: {missing} bytes of its block are missing")
    return body


def _response(record: ArcWarcRecord) -> RawResponse:
    body = _read_body(record)
    http_headers = record.http_headers
    if http_headers is None:
        raise ArchiveError("response record without HTTP headers")
    rec = record.rec_headers
    return RawResponse(
        url=rec.get_header("WARC-Target-URI") or "",
        status=int(http_headers.get_statuscode()),
        headers=[(str(k), str(v)) for k, v in http_headers.headers],
        body=body,
        fetched_at=rec.get_header("WARC-Date") or "",
        ip=rec.get_header("WARC-IP-Address"),
        record_id=rec.get_header("WARC-Record-ID"),
    )


def _scan(
    fh: IO[bytes], where: str, base: int = 0
) -> Iterator[tuple[int, int, str, RawResponse | None]]:
    """(offset, length, WARC-Type, response or None) for every record from the start of `fh`,
    reading every record whole and checking it: digests, lengths, complete gzip members, and no
    unreadable bytes after the last record. warcio is lenient (a damaged gzip member ends the
    iteration quietly), so these checks are what makes a truncated file an error. `base` is
    where `fh` starts in the file, for the offsets in messages."""
    it = ArchiveIterator(fh, check_digests="raise")
    end = 0
    while True:
        try:
            warc = next(it, None)
            if warc is None:
                break
            if warc.rec_type == "response":
                response: RawResponse | None = _response(warc)
            else:
                response = None
                _read_body(warc)
            it.read_to_end()
            decompressor = it.reader.decompressor if it.reader else None
            if decompressor is not None and not decompressor.eof:
                raise ArchiveError("its gzip member is cut short or damaged")
            offset, length = it.get_record_offset(), it.get_record_length()
        except Exception as exc:  # warcio raises many kinds: ArchiveLoadFailed, zlib.error...
            what = _one_line(exc)
            if not isinstance(exc, ArchiveError):
                what = f"{type(exc).__name__}: {what}"
            raise ArchiveError(
                f"{where}: record at offset {base + end} is unreadable: {what}"
            ) from exc
        end = offset + length
        yield offset, length, warc.rec_type, response
    size = fh.tell()
    if end != size:
        raise ArchiveError(
            f"{where}: truncated or damaged: {size - end} bytes after offset {base + end} are "
            "not a readable record"
        )


def read_record(record: ArchiveRecord) -> RawResponse:
    """Seek to the record an `ArchiveRecord` points at and read the response stored there."""
    where = record.warc
    at = f"{where}: record at offset {record.offset}"
    if record.offset < 0 or record.length <= 0:
        raise ArchiveError(f"{at}: bad pointer (length {record.length})")
    path = _path(where)
    try:
        data = path.fs.cat_file(path.path, start=record.offset, end=record.offset + record.length)
    except FileNotFoundError as exc:
        raise ArchiveError(f"{where}: no such WARC file") from exc
    except OSError as exc:
        raise ArchiveError(f"{where}: cannot read: {_one_line(exc)}") from exc
    if len(data) < record.length:
        raise ArchiveError(
            f"{at}: truncated file: the record needs {record.length} bytes, {len(data)} are there"
        )
    try:
        found = list(_scan(io.BytesIO(data), where, base=record.offset))
    except ArchiveError as exc:
        raise ArchiveError(f"{exc} (a bad pointer, or a damaged file)") from exc
    if len(found) != 1 or found[0][1] != record.length:
        raise ArchiveError(f"{at}: is not one record of {record.length} bytes (a bad pointer)")
    _, _, rec_type, response = found[0]
    if response is None:
        raise ArchiveError(f"{at}: is a {rec_type} record, not a response")
    if record.record_id and response.record_id != record.record_id:
        raise ArchiveError(
            f"{at}: holds {response.record_id}, not {record.record_id} (a stale pointer: the "
            "batch was rewritten since)"
        )
    return response


def iter_responses(
    warc_path: str | os.PathLike[str],
) -> Iterator[tuple[ArchiveRecord, RawResponse]]:
    """Every response record of a WARC file, in order, with the pointer to it. Raises
    `ArchiveError` at the first damaged record (after yielding the good ones before it)."""
    path = _path(warc_path)
    where = str(path) if isinstance(warc_path, UPath) else os.fspath(warc_path)
    try:
        fh = path.open("rb")
    except FileNotFoundError as exc:
        raise ArchiveError(f"{where}: no such WARC file") from exc
    except OSError as exc:
        raise ArchiveError(f"{where}: cannot read: {_one_line(exc)}") from exc
    with fh:
        for offset, length, _, response in _scan(fh, where):
            if response is not None:
                yield ArchiveRecord(where, offset, length, response.record_id), response


def iter_warc_files(
    root: str | os.PathLike[str] | None,
    since: date | None = None,
    until: date | None = None,
) -> Iterator[UPath]:
    """The batch files under `root` (YYYY/MM/DD layout), `since`..`until` inclusive, sorted by
    date then name. Temporary files of unfinished batches are skipped; a missing root is empty."""
    base = archive_root(root)
    for year, ydir in _children(base, 4):
        if (since and year < since.year) or (until and year > until.year):
            continue
        for month, mdir in _children(ydir, 2):
            if not 1 <= month <= 12:
                continue
            if (since and (year, month) < (since.year, since.month)) or (
                until and (year, month) > (until.year, until.month)
            ):
                continue
            for day_n, ddir in _children(mdir, 2):
                try:
                    day = date(year, month, day_n)
                except ValueError:
                    continue
                if (since and day < since) or (until and day > until):
                    continue
                for entry in sorted(_ls(ddir), key=lambda e: e[0]):
                    name, kind = entry
                    if kind != "directory" and name.endswith(WARC_SUFFIX) and name[0] != ".":
                        yield ddir / name


def _ls(folder: UPath) -> list[tuple[str, str]]:
    try:
        entries = folder.fs.ls(folder.path, detail=True)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [(e["name"].rstrip("/").rsplit("/", 1)[-1], e.get("type", "")) for e in entries]


def _children(folder: UPath, digits: int) -> list[tuple[int, UPath]]:
    out = [
        (int(name), folder / name)
        for name, kind in _ls(folder)
        if kind == "directory" and len(name) == digits and name.isdigit()
    ]
    return sorted(out, key=lambda c: c[0])

"""One small interface to the search engine, with an adapter per engine.

`connect(url)` asks the server what it is (`GET /`) and returns the matching adapter:
OpenSearch 2/3 through opensearch-py, Elasticsearch 8/9 through elasticsearch-py 8.x (whose
compatibility mode speaks to 9.x servers). Everything above this module sees only `Engine`.
Client errors are converted here into `EngineError`s, with credentials removed from messages.
"""

from __future__ import annotations

import logging
import os
import ssl
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from ._errors import ConfigError, EngineError, EngineNotRunning

log = logging.getLogger("newsarchive.engine")

# Bulk item failures that pass: the engine is busy, or a shard is moving to another node.
BULK_RETRIES = 6  # 1 + 2 + 4 + 8 + 16 + 30 s: longer than a node's failover
BULK_BACKOFF = 1.0
# How long the engine itself may hold a bulk request waiting for a shard without its primary
# (a node just left): the bulk API's default `timeout`, 1m, in both engines. The client waits
# that long and more, so a request still at work on the engine is never given up on and sent
# a second time beside itself.
BULK_ENGINE_WAIT = 60.0
BULK_READ_MARGIN = 30.0
_TRANSIENT_STATUS = frozenset({429, 502, 503, 504})
_TRANSIENT_TYPES = frozenset({
    "es_rejected_execution_exception", "opensearch_rejected_execution_exception",
    "rejected_execution_exception", "unavailable_shards_exception",
    "no_shard_available_action_exception", "primary_missing_action_exception",
    "node_disconnected_exception", "node_not_connected_exception", "node_closed_exception",
    "connect_transport_exception", "send_request_transport_exception",
    "receive_timeout_transport_exception", "retry_on_primary_exception",
    "shard_not_in_primary_mode_exception", "process_cluster_event_timeout_exception",
    "cluster_manager_not_discovered_exception", "master_not_discovered_exception",
})  # fmt: skip


def transient(item: BulkItem) -> bool:
    """Did this document fail for a reason that passes (resend it), not for itself?"""
    if item.status in _TRANSIENT_STATUS:
        return True
    kind = (item.error or "").split(":", 1)[0].strip()
    return kind in _TRANSIENT_TYPES


def _transient_failure(exc: Exception) -> bool:
    """A whole bulk request that failed in transit or on a busy engine."""
    if "Connection" in type(exc).__name__ or "Timeout" in type(exc).__name__:
        return True
    status = getattr(exc, "status_code", None) or getattr(getattr(exc, "meta", None), "status", 0)
    return isinstance(status, int) and status in _TRANSIENT_STATUS


def redact_url(url: str) -> str:
    """The URL without its password, safe for logs, reports and exceptions."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def _split_auth(url: str) -> tuple[str, tuple[str, str] | None]:
    parts = urlsplit(url)
    if parts.username is None:
        return url.rstrip("/"), None
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    bare = urlunsplit(parts._replace(netloc=host)).rstrip("/")
    return bare, (parts.username, parts.password or "")


@dataclass
class BulkItem:
    """The engine's answer for one document of a bulk request."""

    id: str
    ok: bool
    error: str | None = None
    index: str | None = None  # the concrete index it landed in (an alias resolves to one)
    status: int = 0  # HTTP status of this item: 409 when `create` found it already there


class Engine(ABC):
    """What newsarchive needs from a search engine."""

    kind: str  # "opensearch" | "elasticsearch"
    version: str

    def __init__(self, url: str, client: Any) -> None:
        self.url = redact_url(url)
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind} {self.version} at {self.url}>"

    _client_errors: tuple[type[Exception], ...] = ()

    @staticmethod
    @abstractmethod
    def _helpers() -> Any:
        """The client's helpers module (streaming_bulk, scan): the same API in both clients."""

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except self._client_errors as exc:  # each client has its own tree: convert it here
            raise self._convert(what, exc) from exc

    def _convert(self, what: str, exc: Exception) -> EngineError:
        name = type(exc).__name__
        if "Connection" in name and self._answers():
            # It answers, so the request itself broke (a response the client refused, a
            # timeout): say what failed, not "start an engine".
            return EngineError(
                f"{self.kind} at {self.url} answers, but {what} failed in transit: "
                f"{self._scrub(str(exc))[:300]}"
            )
        if "Connection" in name:
            return EngineNotRunning(
                f"no engine answers at {self.url} ({what}): start one with "
                "`newsarchive engine start` or set NEWSARCHIVE_ENGINE_URL"
            )
        detail = getattr(exc, "info", None) or getattr(exc, "body", None) or str(exc)
        if isinstance(detail, dict) and isinstance(detail.get("error"), dict):
            err = detail["error"]
            detail = f"{err.get('type', 'error')}: {err.get('reason', '')}"
        return EngineError(f"{self.kind} at {self.url} refused {what}: {self._scrub(detail)[:500]}")

    def _scrub(self, detail: object) -> str:
        text = str(detail)
        return text.replace(self._password, "***") if self._password else text

    def _answers(self) -> bool:
        """Does the engine answer a plain `GET /` right now (one short try)?"""
        try:
            return bool(self._no_retry_client(timeout=5).ping())
        except Exception:  # any failure here means "no"
            return False

    @property
    def _password(self) -> str:
        return ""

    # -- the interface -----------------------------------------------------------------------
    @abstractmethod
    def put_index_template(self, name: str, body: dict[str, Any]) -> None: ...

    @abstractmethod
    def create_index(
        self, name: str, aliases: dict[str, Any] | None = None, body: dict[str, Any] | None = None
    ) -> None:
        """Create an index; `body` may hold `settings` and `mappings` (else the template's)."""

    def delete_index(self, name: str) -> None:
        self._call(f"deleting {name}", self._client.indices.delete, index=name)

    def index_exists(self, name: str) -> bool:
        return bool(self._call("an index lookup", self._client.indices.exists, index=name))

    def alias_targets(self, alias: str) -> list[str]:
        """Indices the alias points to (empty if there is no such alias)."""
        if not self._call("an alias lookup", self._client.indices.exists_alias, name=alias):
            return []
        return sorted(self._call("an alias lookup", self._client.indices.get_alias, name=alias))

    def alias_map(self, *aliases: str) -> dict[str, list[str]]:
        """Indices each of these aliases points to, in one request (absent ones: no key)."""
        rows = self._call(
            "an alias lookup", self._client.cat.aliases, name=",".join(aliases), format="json"
        )
        found: dict[str, list[str]] = {}
        for row in getattr(rows, "body", rows):
            found.setdefault(row["alias"], []).append(row["index"])
        return {alias: sorted(indices) for alias, indices in found.items()}

    @abstractmethod
    def update_aliases(self, actions: list[dict[str, Any]]) -> None:
        """Apply alias actions in one atomic `_aliases` call."""

    @abstractmethod
    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]: ...

    @abstractmethod
    def count(self, index: str, query: dict[str, Any] | None = None) -> int: ...

    def refresh(self, index: str) -> None:
        self._call("a refresh", self._client.indices.refresh, index=index)

    @abstractmethod
    def get_mapping(self, index: str) -> dict[str, Any]: ...

    @abstractmethod
    def _health(self, index: str, status: str, timeout: float) -> dict[str, Any]:
        """`_cluster/health/<index>` waiting up to `timeout` s for `status` (a timeout is an
        answer with `timed_out`, not an error)."""

    def wait_for_health(self, index: str, status: str, timeout: float) -> dict[str, Any]:
        """Wait until `index` is at least `status` ("yellow": every primary shard is assigned,
        so writes succeed; "green": every replica too). Raises EngineError on timeout, saying
        what the cluster lacks."""
        health = self._health(index, status, timeout)
        if health.get("timed_out") or health.get("status") not in _AT_LEAST[status]:
            raise EngineError(
                f"{self.kind} at {self.url}: {index} is {health.get('status', 'unknown')}, not "
                f"{status}, after {timeout:g}s (nodes: {health.get('number_of_nodes', '?')}, "
                f"unassigned shard copies: {health.get('unassigned_shards', '?')}); start the "
                "missing nodes, lower NEWSARCHIVE_INDEX_REPLICAS for new versions, or raise "
                "NEWSARCHIVE_ENGINE_HEALTH_TIMEOUT"
            )
        return health

    def bulk(
        self,
        actions: Iterable[dict[str, Any]],
        chunk_size: int,
        *,
        retries: int = BULK_RETRIES,
        backoff: float = BULK_BACKOFF,
    ) -> Iterator[BulkItem]:
        """Send actions in chunks of `chunk_size`; yield one answer per action, in order.

        A document that failed for a passing reason (`transient`: the engine overloaded, a
        shard without its primary while a node leaves, a node disconnected) is sent again,
        alone with the others of its chunk that failed so, after 1, 2, 4, ... s (`retries`
        times); so is a whole chunk whose request failed in transit. Resending is safe: every
        action names its `_id`, so a document that did land is overwritten by itself (and a
        `create` finds it: 409). What still fails is answered as failed (the caller's dead
        letter); a document the engine refuses for good is never resent."""
        chunk: list[dict[str, Any]] = []
        for action in actions:
            chunk.append(action)
            if len(chunk) >= chunk_size:
                yield from self._bulk_chunk(chunk, retries, backoff)
                chunk = []
        if chunk:
            yield from self._bulk_chunk(chunk, retries, backoff)

    def _bulk_chunk(
        self, chunk: list[dict[str, Any]], retries: int, backoff: float
    ) -> list[BulkItem]:
        answers: list[BulkItem | None] = [None] * len(chunk)
        pending = list(range(len(chunk)))
        for attempt in range(retries + 1):
            last = attempt == retries
            try:
                results = list(
                    self._helpers().streaming_bulk(
                        self._no_retry_client(timeout=BULK_ENGINE_WAIT + BULK_READ_MARGIN),
                        [dict(chunk[i]) for i in pending],
                        chunk_size=len(pending),
                        max_retries=0,
                        raise_on_error=False,
                        raise_on_exception=True,
                    )
                )
            except self._client_errors as exc:
                if last or not _transient_failure(exc) or not self._answers():
                    # An engine that does not answer at all is down, not busy: say so now.
                    raise self._convert("bulk indexing", exc) from exc
                log.warning("bulk request failed (%s), resending: %s", type(exc).__name__, exc)
                time.sleep(min(backoff * 2**attempt, 30.0))
                continue
            again, reason = [], ""
            for i, item in zip(pending, _bulk_items(results), strict=True):
                if not item.ok and not last and transient(item):
                    again.append(i)
                    reason = reason or f"HTTP {item.status}: {item.error}"
                else:
                    answers[i] = item
            if not again:
                break
            log.warning("%d documents failed transiently (%s), resending", len(again), reason)
            pending = again
            time.sleep(min(backoff * 2**attempt, 30.0))
        return [answer for answer in answers if answer is not None]

    @abstractmethod
    def mget(self, index: str, ids: list[str], fields: list[str]) -> dict[str, dict[str, Any]]:
        """The `fields` of each document that exists, by id."""

    # -- long operations: started as engine tasks, polled, never resent ------------------------
    @abstractmethod
    def _no_retry_client(self, timeout: float | None = None) -> Any:
        """A client that sends a request once: a non-idempotent request that failed in
        transit may have started on the server, so resending it could run it twice."""

    def start_task(self, operation: str, body: dict[str, Any], index: str | None = None) -> str:
        """Start `operation` ("reindex", "delete_by_query", "update_by_query") as an engine
        task (`wait_for_completion=false`) and return its id. The request is sent once."""
        fn = getattr(self._no_retry_client(), operation)
        kwargs: dict[str, Any] = {"body": body, "wait_for_completion": False}
        if index is not None:
            kwargs["index"] = index
        answer = _body(self._call(f"starting the {operation} task", fn, **kwargs))
        return str(answer["task"])

    def task(self, task_id: str) -> dict[str, Any]:
        """The engine's record of a task: `completed`, `task.status` (progress), and once
        completed `response` or `error`."""
        return _body(self._call(f"task {task_id}", self._client.tasks.get, task_id=task_id))

    def cancel_task(self, task_id: str) -> None:
        self._call(f"cancelling task {task_id}", self._client.tasks.cancel, task_id=task_id)

    def get_meta(self, index: str) -> dict[str, Any]:
        """The index mapping's `_meta` (where a reindex records its state)."""
        mapping = self.get_mapping(index)
        return dict(mapping.get(index, {}).get("mappings", {}).get("_meta") or {})

    def put_meta(self, index: str, meta: dict[str, Any]) -> None:
        """Replace the index mapping's `_meta`."""
        self.put_mapping(index, {"_meta": meta})

    def put_mapping(self, index: str, mapping: dict[str, Any]) -> None:
        """Add fields (or replace `_meta`); the engine refuses changes to existing fields."""
        self._call(
            f"updating {index}'s mapping", self._client.indices.put_mapping, index=index,
            body=mapping,
        )  # fmt: skip

    def put_settings(self, index: str, settings: dict[str, Any]) -> None:
        self._call(
            f"updating {index}'s settings", self._client.indices.put_settings, index=index,
            body={"index": settings},
        )  # fmt: skip

    @abstractmethod
    def list_indices(self, pattern: str) -> dict[str, int]:
        """Indices matching `pattern` and their Lucene document counts (nested objects
        included: use `count` for articles)."""

    def scroll(self, index: str, body: dict[str, Any], page_size: int = 500) -> Iterator[Any]:
        """Every hit of a query, from a scroll context (a consistent snapshot), page by page."""
        try:
            yield from self._helpers().scan(
                self._client, query=body, index=index, size=page_size, scroll="5m"
            )
        except self._client_errors as exc:
            raise self._convert("the scroll", exc) from exc

    def scan(
        self,
        index: str,
        query: dict[str, Any] | None = None,
        *,
        fields: list[str] | None = None,
        page_size: int = 500,
    ) -> Iterator[dict[str, Any]]:
        """Every matching hit, once, in `id` order (search_after over the unique `id` field);
        memory stays one page whatever the index size."""
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {
                "query": query or {"match_all": {}},
                "size": page_size,
                "sort": [{"id": "asc"}],
                "track_total_hits": False,
            }
            if fields is not None:
                body["_source"] = fields
            if after is not None:
                body["search_after"] = after
            hits = self.search(index, body)["hits"]["hits"]
            yield from hits
            if len(hits) < page_size:
                return
            after = hits[-1]["sort"]

    def close(self) -> None:
        self._client.close()


_AT_LEAST = {"yellow": ("yellow", "green"), "green": ("green",)}


def _body(answer: Any) -> dict[str, Any]:
    """The JSON body of an answer (elasticsearch-py wraps it, opensearch-py does not)."""
    return dict(getattr(answer, "body", answer))


def _bulk_items(results: Iterable[tuple[bool, dict[str, Any]]]) -> Iterator[BulkItem]:
    for ok, item in results:
        ((_, info),) = item.items()
        error = None
        if not ok:
            err = info.get("error", info)
            if isinstance(err, dict):
                error = f"{err.get('type', 'error')}: {err.get('reason', '')}"
                caused = err.get("caused_by")
                if isinstance(caused, dict) and caused.get("reason"):
                    error += f" ({caused['reason']})"
            else:
                error = str(err)
        yield BulkItem(
            id=str(info.get("_id")), ok=ok, error=error, index=info.get("_index"),
            status=int(info.get("status") or 0),
        )  # fmt: skip


class OpenSearchEngine(Engine):
    kind = "opensearch"

    @staticmethod
    def _helpers() -> Any:
        from opensearchpy import helpers

        return helpers

    def __init__(
        self, url: str, version: str, *, timeout: float = 30.0, ca_certs: str | None = None
    ) -> None:
        from opensearchpy import OpenSearch
        from opensearchpy.exceptions import OpenSearchException

        self._client_errors = (OpenSearchException,)
        bare, auth = _split_auth(url)
        self._secret = auth[1] if auth else ""
        self.version = version
        self._options = {"hosts": [bare], "http_auth": auth, "timeout": timeout,
                         "verify_certs": True, "ca_certs": ca_certs}  # fmt: skip
        super().__init__(url, OpenSearch(**self._options))
        self._once: dict[float | None, Any] = {}

    def _no_retry_client(self, timeout: float | None = None) -> Any:
        if timeout not in self._once:
            from opensearchpy import OpenSearch

            options = {**self._options, "max_retries": 0, "retry_on_timeout": False}
            if timeout is not None:
                options["timeout"] = timeout
            self._once[timeout] = OpenSearch(**options)
        return self._once[timeout]

    def close(self) -> None:
        for client in self._once.values():
            client.close()
        super().close()

    @property
    def _password(self) -> str:
        return self._secret

    def put_index_template(self, name: str, body: dict[str, Any]) -> None:
        self._call(
            "the index template", self._client.indices.put_index_template, name=name, body=body
        )

    def create_index(
        self, name: str, aliases: dict[str, Any] | None = None, body: dict[str, Any] | None = None
    ) -> None:
        request = {k: v for k, v in (body or {}).items() if k in ("settings", "mappings")}
        if aliases:
            request["aliases"] = aliases
        self._call(
            f"creating {name}", self._client.indices.create, index=name, body=request or None
        )

    def update_aliases(self, actions: list[dict[str, Any]]) -> None:
        self._call("the alias swap", self._client.indices.update_aliases, body={"actions": actions})

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._call("the search", self._client.search, body=body, index=index)

    def count(self, index: str, query: dict[str, Any] | None = None) -> int:
        body = {"query": query} if query else None
        return int(self._call("a count", self._client.count, body=body, index=index)["count"])

    def get_mapping(self, index: str) -> dict[str, Any]:
        return self._call("a mapping lookup", self._client.indices.get_mapping, index=index)

    def _health(self, index: str, status: str, timeout: float) -> dict[str, Any]:
        return self._call(
            "a health check", self._client.cluster.health, index=index, wait_for_status=status,
            timeout=f"{timeout:g}s", params={"ignore": 408, "request_timeout": timeout + 10},
        )  # fmt: skip

    def mget(self, index: str, ids: list[str], fields: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        raw = self._call(
            "a multi-get", self._client.mget, body={"ids": ids}, index=index, _source=fields
        )
        return {d["_id"]: d.get("_source", {}) for d in raw["docs"] if d.get("found")}

    def list_indices(self, pattern: str) -> dict[str, int]:
        rows = self._call(
            "an index listing", self._client.cat.indices, index=pattern, format="json",
            params={"expand_wildcards": "open"},
        )  # fmt: skip
        return {r["index"]: int(r.get("docs.count") or 0) for r in rows}


class ElasticsearchEngine(Engine):
    kind = "elasticsearch"

    @staticmethod
    def _helpers() -> Any:
        from elasticsearch import helpers

        return helpers

    def __init__(
        self, url: str, version: str, *, timeout: float = 30.0, ca_certs: str | None = None
    ) -> None:
        from elastic_transport import TransportError
        from elasticsearch import ApiError, Elasticsearch

        self._client_errors = (ApiError, TransportError)
        bare, auth = _split_auth(url)
        self._secret = auth[1] if auth else ""
        self.version = version
        client = Elasticsearch(
            bare, basic_auth=auth, request_timeout=timeout, ca_certs=ca_certs, verify_certs=True
        )
        super().__init__(url, client)

    def _no_retry_client(self, timeout: float | None = None) -> Any:
        if timeout is None:
            return self._client.options(max_retries=0, retry_on_timeout=False)
        return self._client.options(max_retries=0, retry_on_timeout=False, request_timeout=timeout)

    @property
    def _password(self) -> str:
        return self._secret

    def put_index_template(self, name: str, body: dict[str, Any]) -> None:
        self._call("the index template", self._client.indices.put_index_template, name=name, **body)

    def create_index(
        self, name: str, aliases: dict[str, Any] | None = None, body: dict[str, Any] | None = None
    ) -> None:
        request = {k: v for k, v in (body or {}).items() if k in ("settings", "mappings")}
        self._call(
            f"creating {name}", self._client.indices.create, index=name, aliases=aliases,
            **request,
        )  # fmt: skip

    def update_aliases(self, actions: list[dict[str, Any]]) -> None:
        self._call("the alias swap", self._client.indices.update_aliases, actions=actions)

    def search(self, index: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._call("the search", self._client.search, index=index, **body).body

    def count(self, index: str, query: dict[str, Any] | None = None) -> int:
        return int(self._call("a count", self._client.count, index=index, query=query)["count"])

    def get_mapping(self, index: str) -> dict[str, Any]:
        return self._call("a mapping lookup", self._client.indices.get_mapping, index=index).body

    def _health(self, index: str, status: str, timeout: float) -> dict[str, Any]:
        client = self._client.options(ignore_status=408, request_timeout=timeout + 10)
        return self._call(
            "a health check", client.cluster.health, index=index, wait_for_status=status,
            timeout=f"{timeout:g}s",
        ).body  # fmt: skip

    def mget(self, index: str, ids: list[str], fields: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        raw = self._call("a multi-get", self._client.mget, index=index, ids=ids, source=fields)
        return {d["_id"]: d.get("_source", {}) for d in raw["docs"] if d.get("found")}

    def list_indices(self, pattern: str) -> dict[str, int]:
        rows = self._call(
            "an index listing", self._client.cat.indices, index=pattern, format="json",
            expand_wildcards="open",
        )  # fmt: skip
        return {r["index"]: int(r.get("docs.count") or 0) for r in rows.body}


def _certificate_error(exc: BaseException) -> str | None:
    """The verification failure behind a connection error, if a certificate caused it."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen.verify_message or seen.reason or "certificate verify failed"
        seen = seen.__cause__ or seen.__context__
    return None


def connect(url: str, *, timeout: float = 30.0, ca_certs: str | None = None) -> Engine:
    """Recognise the server at `url` from `GET /` and return the adapter that speaks to it.

    TLS certificates are always verified; `ca_certs` names the CA bundle of a private CA
    (default: NEWSARCHIVE_ENGINE_CA_CERTS, else the system's)."""
    ca_certs = ca_certs or os.environ.get("NEWSARCHIVE_ENGINE_CA_CERTS") or None
    bare, auth = _split_auth(url)
    shown = redact_url(url)
    verify: ssl.SSLContext | bool = True  # never False: there is no way to turn checks off
    if ca_certs:  # a context, not the path: httpx deprecates `verify=<str>`
        try:
            verify = ssl.create_default_context(cafile=ca_certs)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigError(f"cannot read the CA bundle {ca_certs}: {exc}") from exc
    try:
        response = httpx.get(bare + "/", auth=auth, timeout=min(timeout, 10.0), verify=verify)
    except httpx.HTTPError as exc:
        untrusted = _certificate_error(exc)
        if untrusted:  # it answers, but over TLS we cannot verify: say so, not "start one"
            raise EngineError(
                f"the TLS certificate of {shown} is not trusted ({untrusted}): give the CA "
                "bundle that signed it with NEWSARCHIVE_ENGINE_CA_CERTS"
            ) from exc
        raise EngineNotRunning(
            f"no engine answers at {shown}: start one with `newsarchive engine start` "
            "or set NEWSARCHIVE_ENGINE_URL"
        ) from exc  # the URL in `bare` carries no credentials
    if response.status_code in (401, 403):
        raise EngineError(
            f"the engine at {shown} refused the credentials (HTTP {response.status_code})"
        )
    try:
        info = response.json()
        version = info["version"]
    except (ValueError, KeyError, TypeError):
        raise EngineError(f"{shown} does not look like Elasticsearch or OpenSearch") from None
    number = str(version.get("number", "0"))
    major = int(number.split(".")[0] or 0)
    if version.get("distribution") == "opensearch":
        if major < 2:
            raise EngineError(f"OpenSearch {number} at {shown} is too old: 2.x or 3.x is needed")
        return OpenSearchEngine(url, number, timeout=timeout, ca_certs=ca_certs)
    if major in (8, 9):
        return ElasticsearchEngine(url, number, timeout=timeout, ca_certs=ca_certs)
    raise EngineError(f"Elasticsearch {number} at {shown} is not supported: 8.x or 9.x is needed")

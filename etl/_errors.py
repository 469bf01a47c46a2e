"""The project's exception tree. Library and engine errors are converted at the boundary.

NewsarchiveError
├── ConfigError          a setting or source file is wrong; the message says which
├── EngineError          the search engine is missing, unreachable, or refused a request
│   └── EngineNotRunning nothing answers at the engine URL
├── EngineSetupError     Java/Maven missing, port taken, node failed to start
├── NotConfigured        a stage cannot run with these settings (raised when it is built)
├── Interrupted          a signal (SIGTERM: Airflow's task kill or timeout) stopped a long wait
└── DropArticle          a stage rejects one article; `reason` says why (it is counted)
"""

from __future__ import annotations


class NewsarchiveError(Exception):
    """Base of every error newsarchive raises on purpose."""


class ConfigError(NewsarchiveError):
    pass


class EngineError(NewsarchiveError):
    pass


class EngineNotRunning(EngineError):
    pass


class EngineSetupError(NewsarchiveError):
    pass


class NotConfigured(NewsarchiveError):
    pass


class Interrupted(NewsarchiveError):
    """A signal stopped a long operation; what it started on the engine was cancelled."""


class DropArticle(NewsarchiveError):
    """Raised by a stage to reject one article. The run records it as `rejected` with `reason`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

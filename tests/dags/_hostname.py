"""`[core] hostname_callable` for tests that run several Airflow workers on one machine: each
worker's task instances record the name in NEWSARCHIVE_TEST_HOSTNAME (on real machines the
default, the host's name, already tells them apart)."""

from __future__ import annotations

import os
import socket


def from_env() -> str:
    return os.environ.get("NEWSARCHIVE_TEST_HOSTNAME") or socket.getfqdn()

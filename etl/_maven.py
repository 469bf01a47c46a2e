"""Jars from Maven for the Java the project runs (the embedded engine and the CoreNLP tagger),
and the Java tools that run them.

`copy_jars` writes a throwaway POM that depends on the given artifacts, has Maven copy their jars
into a folder beside the target, and renames that folder into place only once it is complete, so
an interrupted download never counts as one. `exclusive` lets one process at a time fill a
target: two processes starting on a fresh machine (parallel test workers, two tasks) would
otherwise share one `.partial` folder.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ._errors import NewsarchiveError

_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>newsarchive</groupId>
  <artifactId>newsarchive-{name}</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
{dependencies}
  </dependencies>
</project>
"""


def java_tool(name: str) -> str | None:
    """The path of a JDK tool ("java", "javac"): $JAVA_HOME's, else the one on PATH; None if
    there is none."""
    java_home = os.environ.get("JAVA_HOME")
    path = str(Path(java_home) / "bin" / name) if java_home else shutil.which(name)
    return path if path and Path(path).exists() else None


@dataclass(frozen=True)
class Artifact:
    group: str
    artifact: str
    version: str
    classifier: str | None = None

    def xml(self) -> str:
        classifier = f"<classifier>{self.classifier}</classifier>" if self.classifier else ""
        return (
            f"    <dependency><groupId>{self.group}</groupId><artifactId>{self.artifact}"
            f"</artifactId><version>{self.version}</version>{classifier}</dependency>"
        )


@contextmanager
def exclusive(target: Path) -> Iterator[None]:
    """Held by one process at a time per target (a lock file beside it, released when the
    process ends, however it ends). Check whether the target is complete again once inside:
    the process that held it before may have filled it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.with_name(target.name + ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


class MavenError(NewsarchiveError):
    """Maven could not resolve or copy the artifacts; the message ends with its last lines."""


def copy_jars(
    mvn: str, name: str, artifacts: list[Artifact], target: Path, *, transitive: bool
) -> Path:
    """Copy the jars of `artifacts` (with their runtime dependencies if `transitive`) into
    `target`, replacing it. `name` names the throwaway POM's project."""
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    pom = partial / "pom.xml"
    pom.write_text(
        _POM.format(name=name, dependencies="\n".join(a.xml() for a in artifacts)), "utf-8"
    )
    scope = "-DincludeScope=runtime" if transitive else "-DexcludeTransitive=true"
    cmd = [
        mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies",
        f"-DoutputDirectory={partial}", scope,
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-3:]
        raise MavenError(" | ".join(tail) or f"mvn exited with {proc.returncode}")
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target

"""A child process whose output goes to a log file, stopped with its whole process group.

Shared by the tests (Celery workers, beat) and the benchmarks (gunicorn, workers)."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path


class LoggedProcess:
    def __init__(self, name: str, args: list[str], env: dict, log_path: Path, cwd: Path | None = None):
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.log_path = log_path
        self.log = open(log_path, "wb")
        # Its own session: stop() signals the group, so a worker's pool children go too.
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                     start_new_session=True)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, marker: str, timeout: float = 60.0):
        """Return self once `marker` is in the output; raise with the output's tail if it never is."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if marker in self.output():
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not become ready:\n{self.output()[-3000:]}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        self.log.close()

"""The processes of the topology, each started from the committed deploy files and stopped by its own pid.

PostgreSQL and Redis are private instances on their own ports (the faults stop and restart them; the shared
services of the machine are never touched). Web: gunicorn with deploy/gunicorn.conf.py and production settings.
Worker: ``manage.py run_worker``, as deploy/systemd/portal-worker@.service runs it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else sys.executable
PG_BIN = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class Postgres:
    def __init__(self, root: Path, port: int):
        self.data, self.port = root / "pg", port
        self.url = f"postgres://portal@127.0.0.1:{port}/portal"

    def start(self) -> None:
        env = {**os.environ, "PGPORT": str(self.port), "PGDATA": str(self.data)}
        subprocess.run(["bash", str(REPO / ".ci" / "start-postgres.sh")], env=env, check=True, stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        subprocess.run([*_as_postgres(), str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Process:
    """A child process with its log file; ``signal()`` reaches only this process (and, for gunicorn, its workers)."""

    def __init__(self, name: str, argv: list[str], env: dict, log: Path):
        self.name, self.argv, self.env, self.log = name, argv, env, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        if self.env.get("PROMETHEUS_MULTIPROC_DIR"):
            Path(self.env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(self.argv, env=self.env, cwd=REPO, stdout=open(self.log, "ab"),
                                     stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def signal(self, sig: int) -> None:
        if self.alive():
            os.kill(self.proc.pid, sig)

    def stop(self, timeout: float = 20) -> None:
        if not self.alive():
            return
        self.signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # its own session: only what it started
            self.proc.wait(10)


class Redis(Process):
    def __init__(self, root: Path, port: int):
        super().__init__("redis", ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                   "--appendonly", "no"], dict(os.environ), root / "logs" / "redis.log")
        self.port, self.url = port, f"redis://127.0.0.1:{port}/0"

    def start(self) -> None:
        super().start()
        for _ in range(100):
            if not self.alive():
                raise RuntimeError(f"redis-server exited (port {self.port} busy?): see {self.log}")
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout.strip() == b"PONG":
                return
            time.sleep(0.1)
        raise RuntimeError(f"Redis did not answer on port {self.port}: see {self.log}")


def web(name: str, env: dict, port: int, root: Path) -> Process:
    metrics = root / "metrics" / name
    return Process(name, [PYTHON, "-m", "gunicorn", "-c", str(REPO / "deploy" / "gunicorn.conf.py"), "cms.wsgi"],
                   {**env, "WEB_BIND": f"127.0.0.1:{port}", "PROMETHEUS_MULTIPROC_DIR": str(metrics)},
                   root / "logs" / f"{name}.log")


def worker(name: str, env: dict, root: Path) -> Process:
    return Process(name, [PYTHON, "manage.py", "run_worker", "--interval", "0.5"], env, root / "logs" / f"{name}.log")


def manage(env: dict, *args: str, log: Path, check: bool = True) -> subprocess.CompletedProcess:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        return subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                              check=check)


def wait_http(url: str, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer 200 within {seconds:.0f} s")

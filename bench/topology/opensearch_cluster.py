"""A 3-node OpenSearch cluster from the project's Maven runner (search/opensearch_node/start.sh), one JVM per node.

The runner can start several nodes in one JVM, but then one SIGKILL takes them all: a node loss is only real with
a process per node. Each node gets its own home (data, logs, pid file), HTTP port and transport port, and an
opensearch.yml that names the other two as seeds. The runner forces single-node discovery when it starts one node
per JVM, so each node is launched through ClusterNode.java (beside this file), which turns multi-node discovery
back on and names the node.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
START = REPO / "search" / "opensearch_node" / "start.sh"
STOP = REPO / "search" / "opensearch_node" / "stop.sh"
SHARED_LIB = Path(os.environ.get("OPENSEARCH_NODE_HOME", "/tmp/portal-opensearch")) / "lib"


class OpenSearchCluster:
    def __init__(self, root: Path, http_ports=(9261, 9262, 9263), transport_ports=(9361, 9362, 9363),
                 name: str = "portal-topology", heap: str = "384m"):
        self.root, self.http_ports, self.transport_ports, self.name, self.heap = root, http_ports, transport_ports, name, heap
        self.urls = [f"http://127.0.0.1:{port}" for port in http_ports]

    def home(self, i: int) -> Path:
        return self.root / f"node{i + 1}"

    def _config(self, i: int) -> Path:
        seeds = [f"127.0.0.1:{port}" for port in self.transport_ports]
        settings = {
            "network.host": "127.0.0.1",
            "transport.port": self.transport_ports[i],
            "discovery.seed_hosts": seeds,
            "cluster.initial_cluster_manager_nodes": [f"node-{n + 1}" for n in range(len(self.transport_ports))],
            "cluster.routing.allocation.disk.threshold_enabled": False,
            "action.auto_create_index": True,
            "action.destructive_requires_name": False,
        }
        path = self.home(i) / "opensearch.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{key}: {json.dumps(value)}\n" for key, value in settings.items()))
        return path

    def _env(self, i: int, fresh: bool) -> dict:
        home = self.home(i)
        home.mkdir(parents=True, exist_ok=True)
        lib = home / "lib"
        if not lib.exists() and SHARED_LIB.is_dir():
            lib.symlink_to(SHARED_LIB)  # the jars are resolved once, by the shared node's start
        return {
            **os.environ, "OPENSEARCH_NODE_HOME": str(home), "OPENSEARCH_PORT": str(self.http_ports[i]),
            "OPENSEARCH_CONFIG": str(self._config(i)), "OPENSEARCH_CLUSTER": self.name,
            "OPENSEARCH_XMS": self.heap, "OPENSEARCH_XMX": self.heap, "OPENSEARCH_AOT": "0",
            "OPENSEARCH_START_TIMEOUT": "240", "OPENSEARCH_NODE_NAME": f"node-{i + 1}",
            "OPENSEARCH_MAIN": str(Path(__file__).with_name("ClusterNode.java")), "OPENSEARCH_FRESH": "1" if fresh else "0",
        }

    def start(self, nodes=(0, 1, 2), fresh: bool = False) -> None:
        """Start the nodes in parallel (a node alone cannot form the cluster, so its start.sh would wait)."""
        procs = [subprocess.Popen(["bash", str(START)], env=self._env(i, fresh), stdout=subprocess.PIPE,
                                  stderr=open(self.home(i) / "start.log", "a")) for i in nodes]
        for i, proc in zip(nodes, procs):
            out, _ = proc.communicate(timeout=300)
            if proc.returncode != 0:
                raise RuntimeError(f"OpenSearch node {i + 1} did not start: see {self.home(i) / 'start.log'}")
            port = out.decode().strip().rsplit(":", 1)[-1]
            if port != str(self.http_ports[i]):
                raise RuntimeError(f"OpenSearch node {i + 1} took port {port}, not {self.http_ports[i]} (port busy?)")

    def pid(self, i: int) -> int | None:
        try:
            return int((self.home(i) / "opensearch.pid").read_text())
        except (OSError, ValueError):
            return None

    def kill(self, i: int) -> None:
        """SIGKILL: no shutdown hook, no flush; what a power cut or the OOM killer does."""
        pid = self.pid(i)
        if pid:
            os.kill(pid, signal.SIGKILL)
            _wait_gone(pid)

    def stop(self, nodes=(0, 1, 2)) -> None:
        for i in nodes:
            subprocess.run(["bash", str(STOP)], env=self._env(i, False), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)

    def health(self, timeout: float = 3.0) -> dict | None:
        for url in self.urls:
            try:
                with urllib.request.urlopen(f"{url}/_cluster/health", timeout=timeout) as response:
                    return json.load(response)
            except OSError:
                continue
        return None

    def wait_for(self, status: str = "green", nodes: int = 3, seconds: float = 240) -> float:
        """Seconds until the cluster reports ``status`` with ``nodes`` nodes; raises after ``seconds``."""
        started = time.monotonic()
        rank = {"red": 0, "yellow": 1, "green": 2}
        while time.monotonic() - started < seconds:
            health = self.health()
            if health and health.get("number_of_nodes") == nodes and rank[health["status"]] >= rank[status]:
                return time.monotonic() - started
            time.sleep(1)
        raise RuntimeError(f"OpenSearch cluster not {status} with {nodes} nodes after {seconds:.0f} s: {self.health()}")


def _wait_gone(pid: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)

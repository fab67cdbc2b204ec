"""pilotbot as an operator runs it: `pilotbot serve` and `pilotbot worker` processes on one database, talking to a
Slack stand-in in this process. Used by the multi-process tests and by bench/faults.py.

Everything goes through the doors an operator and Slack use: the CLI (migrate, roster import, serve, worker),
signed HTTP requests, /healthz, and the stand-in's record of what Slack was asked to show.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bot.standin.driver import sign
from bot.standin.server import SlackStandIn

SECRET = "cluster-signing-secret"
PEOPLE = [(f"U0CL{i:05d}", f"Nurse {i}") for i in range(40)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """`async with Cluster(database_url) as c:` a stand-in, a migrated database with a roster, no processes yet."""

    database_url: str
    name: str = field(default_factory=lambda: f"pilotbot-{uuid.uuid4().hex[:8]}")
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)

    async def __aenter__(self) -> Cluster:
        self.slack = SlackStandIn(any_response_url=True)
        self.base = await self.slack.start()
        for channel in ("C0RAPID01", "C0UPDATE1", "C0ESCAL01", "C0WARD007", "C0WARD009"):
            self.slack.add_channel(channel, channel.lower())
        for user, name in PEOPLE:
            self.slack.add_user(user, name)
        self.folder = Path(tempfile.mkdtemp(prefix="pilotbot-cluster-"))
        pilot = resources.files("bot.demo").joinpath("pilot.toml").read_text(encoding="utf-8")
        (self.folder / "pilotbot.toml").write_text(pilot, encoding="utf-8")
        roster = "slack_id,email,name,ward,role\n" + "".join(f"{u},,{n},ward-7,clinician\n" for u, n in PEOPLE)
        (self.folder / "roster.csv").write_text(roster, encoding="utf-8")
        await self.cli("migrate")
        await self.cli("roster", "import", str(self.folder / "roster.csv"))
        return self

    async def __aexit__(self, *_: object) -> None:
        for name in list(self.processes):
            self.stop(name)
        await self.slack.stop()

    @property
    def env(self) -> dict[str, str]:
        url = self.database_url
        if url.startswith("postgresql"):  # processes of this cluster are known by name, so faults can pick them
            url += ("&" if "?" in url else "?") + f"application_name={self.name}"
        return {
            **os.environ,
            "SLACK_BOT_TOKEN": self.slack.token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": self.base,
            "DATABASE_URL": url,
            "PILOTBOT_CONFIG": str(self.folder / "pilotbot.toml"),
        }

    async def cli(self, *args: str) -> str:
        done = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "bot", *args], env=self.env, capture_output=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"pilotbot {' '.join(args)} failed: {done.stderr.decode()[-800:]}")
        return done.stdout.decode()

    def start(self, name: str, *args: str) -> None:
        """Starts `pilotbot <args>` as process `name`; a `serve` gets a port of its own."""
        argv = [sys.executable, "-m", "bot", *args]
        if args[0] == "serve":
            self.ports[name] = self.ports.get(name) or free_port()
            argv += ["--host", "127.0.0.1", "--port", str(self.ports[name])]
        with (self.folder / f"{name}.log").open("ab") as log:  # the child keeps its own copy of the descriptor
            self.processes[name] = subprocess.Popen(argv, env=self.env, stdout=log, stderr=subprocess.STDOUT)

    async def ready(self, name: str, timeout: float = 60) -> None:
        """Waits until a serve process answers /healthz (or a worker has started)."""
        deadline = time.monotonic() + timeout
        if name not in self.ports:
            await asyncio.sleep(1.5)
            return
        async with httpx.AsyncClient() as client:
            while time.monotonic() < deadline:
                try:
                    if (await client.get(f"http://127.0.0.1:{self.ports[name]}/healthz", timeout=2)).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.2)
        raise RuntimeError(f"{name} did not become ready; see {self.folder / (name + '.log')}")

    def kill(self, name: str) -> None:
        """SIGKILL: no shutdown, no draining; whatever it held in flight is left as it was."""
        process = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()

    def signed_command(self, user: str, text: str) -> tuple[bytes, dict[str, str]]:
        fields = {
            "token": "x",
            "team_id": "T0PILOT01",
            "team_domain": "pilot",
            "channel_id": "C0WARD007",
            "channel_name": "ward-7",
            "user_id": user,
            "user_name": user.lower(),
            "command": "/report",
            "text": text,
            "api_app_id": "A0PILOTBOT",
            "is_enterprise_install": "false",
            "response_url": self.slack.issue_response_url(user),
            "trigger_id": f"1.2.{uuid.uuid4().hex}",
        }
        body = urlencode(fields).encode()
        stamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": sign(SECRET, stamp, body),
        }
        return body, headers

    async def report(self, client: httpx.AsyncClient, name: str, user: str, text: str) -> httpx.Response | None:
        """Sends `/report text` to a serve process; None when it could not be reached at all."""
        body, headers = self.signed_command(user, text)
        try:
            return await client.post(
                f"http://127.0.0.1:{self.ports[name]}/slack/events", content=body, headers=headers, timeout=10
            )
        except httpx.HTTPError:
            return None

    def cards(self) -> list[dict[str, Any]]:
        """The cards in the rapid-response channel (thread replies left out)."""
        return [m for m in self.slack.messages("C0RAPID01") if not m.get("thread_ts")]


def acknowledged(response: httpx.Response | None) -> bool:
    """Slack got a 200 that did not say "Not filed": the reporter was told nothing but that it was received."""
    return response is not None and response.status_code == 200 and "Not filed" not in response.text


def told_not_filed(response: httpx.Response | None) -> bool:
    return response is not None and response.status_code == 200 and "Not filed" in response.text

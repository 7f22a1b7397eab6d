"""A real X server for end-to-end tests: Xvfb at a laptop's size, xdotool for real key presses, screenshots."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

TOOLS = ("Xvfb", "xdotool", "import")


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def _free_display() -> int:
    for number in range(91, 140):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise RuntimeError("no free X display number between :91 and :139")


@dataclass
class XSession:
    display: str
    width: int
    height: int
    shots: Path
    keystrokes: int = 0
    log: list[str] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        env["DISPLAY"] = self.display
        return env

    def run(self, *args: str, check: bool = True, timeout: float = 20) -> str:
        done = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=timeout, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def windows(self, name: str) -> list[str]:
        return self.run("search", "--onlyvisible", "--name", name, check=False).split()

    def wait_for_window(self, name: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.windows(name)
            if found:
                return found[-1]
            time.sleep(0.2)
        self.screenshot("timeout")
        raise AssertionError(f"no window called {name!r} appeared within {timeout:.0f} s")

    def geometry(self, window: str) -> tuple[int, int, int, int]:
        """x, y, width, height of a window on the screen."""
        values = dict(
            line.split("=", 1) for line in self.run("getwindowgeometry", "--shell", window).splitlines() if "=" in line
        )
        return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])

    def type(self, text: str, counted: bool = True) -> None:
        """Type text as key presses; counted toward the keystrokes unless it is the free-text account."""
        self.run("type", "--delay", "40", text)
        if counted:
            self.keystrokes += len(text)
        self.log.append(f"type {text!r}")

    def key(self, *keys: str, counted: bool = True) -> None:
        for key in keys:
            self.run("key", "--delay", "60", key)
            if counted:
                self.keystrokes += 1
            self.log.append(f"key {key}")
            time.sleep(0.08)

    def screenshot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, capture_output=True, timeout=20)
        return path


@contextmanager
def x_server(
    shots: Path, width: int = 1366, height: int = 768, window_manager: str | None = None
) -> Iterator[XSession]:
    number = _free_display()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    session = XSession(f":{number}", width, height, shots)
    wm: subprocess.Popen[bytes] | None = None
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)
        if window_manager:
            wm = subprocess.Popen(
                [window_manager], env=session.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(0.5)
        yield session
    finally:
        for proc in (wm, server):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    proc.kill()

"""The embedded default of ``scripts/run``: a real Celery worker on the file-system broker, no Redis."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery

ROOT = Path(__file__).resolve().parents[2]


def _embedded_env(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_ENV="local", QINGFENG_VAR_DIR=str(var_dir), PYTHONUNBUFFERED="1")
    return env


def _client_app(var_dir: Path) -> Celery:
    """A producer using the same broker folders as config/settings/base.py derives from QINGFENG_VAR_DIR."""
    broker = var_dir / "celery"
    for sub in ("out", "processed", "control"):
        (broker / sub).mkdir(parents=True, exist_ok=True)
    return Celery(
        "embedded-client",
        broker="filesystem://localhost//",
        broker_transport_options={
            "data_folder_in": str(broker / "out"),
            "data_folder_out": str(broker / "out"),
            "processed_folder": str(broker / "processed"),
            "control_folder": str(broker / "control"),
            "store_processed": False,
        },
    )


@pytest.mark.worker
def test_embedded_worker_answers_ping_and_runs_a_task(tmp_path):
    log = tmp_path / "worker.log"
    celery_bin = Path(sys.executable).with_name("celery")
    with log.open("w") as out:
        worker = subprocess.Popen(  # noqa: S603 - fixed command line
            [str(celery_bin), "-A", "config", "worker", "--loglevel=INFO", "--concurrency=1", "--hostname=embedded@%h"],
            cwd=ROOT,
            env=_embedded_env(tmp_path),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        app = _client_app(tmp_path)
        deadline = time.monotonic() + 60
        while "ready." not in log.read_text():
            assert worker.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert "filesystem://" in log.read_text()
        assert "No hostname was supplied" not in log.read_text()
        replies = app.control.ping(timeout=10, limit=1)
        assert any(name.startswith("embedded@") for reply in replies for name in reply), replies

        task_id = app.send_task("celery.accumulate", args=(6, 7)).id
        while f"Task celery.accumulate[{task_id}] succeeded" not in log.read_text():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert "Warm shutdown" in log.read_text()

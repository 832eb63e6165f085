"""One direction between the apps: the import-linter layers contract in pyproject.toml holds."""

import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    return {"root_packages": config["root_packages"], **config["contracts"][0]}


def _layer_apps(layers: list[str]) -> set[str]:
    return {name.strip().strip("()") for layer in layers for name in layer.split("|")}


def test_no_app_imports_an_app_above_it():
    """Runs ``lint-imports`` as CI does: an import up the layers, even inside a function, fails here."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(  # noqa: S603 - our own venv's tool, fixed arguments
        [str(lint_imports), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_every_local_app_is_placed_in_the_layers():
    """A new app must join the contract, or its imports would go unchecked."""
    contract = _contract()
    assert contract["type"] == "layers"
    assert set(settings.LOCAL_APPS) <= set(contract["root_packages"])
    assert set(settings.LOCAL_APPS) <= _layer_apps(contract["layers"])

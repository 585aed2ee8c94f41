"""The progression engine imports the standard library only, and never Django."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGINE = ROOT / "progress" / "engine"
PACKAGE = "progress.engine"


def imported_modules(source: str, package: str = PACKAGE) -> list[str]:
    """Every module a source imports, relative imports resolved against `package`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.append(f"{base}.{node.module}" if node.module else base)
            else:
                found.append(node.module)
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in ("__import__", "import_module"):
                found.append("<dynamic import>")
    return found


def allowed(module: str) -> bool:
    top = module.split(".")[0]
    return top in sys.stdlib_module_names or module == PACKAGE or module.startswith(PACKAGE + ".")


ENGINE_FILES = sorted(ENGINE.rglob("*.py"))


def test_the_engine_package_has_its_modules():
    assert {path.relative_to(ENGINE).as_posix() for path in ENGINE_FILES} >= {
        "__init__.py",
        "model.py",
        "rules/__init__.py",
        "rules/base.py",
        "rules/set_ladder.py",
        "rules/band_colour.py",
        "rules/rep_build.py",
        "rules/double_progression.py",
        "rules/hold_build.py",
    }


@pytest.mark.parametrize("path", ENGINE_FILES, ids=lambda path: path.relative_to(ENGINE).as_posix())
def test_every_engine_module_imports_the_standard_library_or_the_engine_only(path):
    modules = imported_modules(path.read_text())
    assert modules, f"{path.name} imports nothing: is the parser looking at the right files?"
    assert [m for m in modules if not allowed(m)] == []


@pytest.mark.parametrize(
    ("source", "refused"),
    [
        pytest.param("import django", ["django"], id="import"),
        pytest.param("from django.db import models", ["django.db"], id="from-import"),
        pytest.param("from progress.models import X", ["progress.models"], id="the-app"),
        pytest.param("from .. import models", ["progress"], id="relative-out-of-the-package"),
        pytest.param(
            "import importlib\nimportlib.import_module('django')",
            ["<dynamic import>"],
            id="dynamic-import",
        ),
        pytest.param("from decimal import Decimal\nfrom .model import Spec", [], id="allowed"),
    ],
)
def test_the_import_check_refuses_anything_else(source, refused):
    assert [m for m in imported_modules(source) if not allowed(m)] == refused


def test_importing_the_engine_in_a_fresh_interpreter_loads_no_django():
    script = (
        "import sys, progress.engine\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"

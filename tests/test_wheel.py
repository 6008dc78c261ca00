"""The wheel as a user gets it (issue 15): built from the sources, installed into a fresh virtual
environment (no editable install in sight), and used from another folder through the public API,
the console script and spaCy's entry point alone.

Installing the dependencies from the package index would take minutes, so the new environment
borrows this one's: a ``.pth`` file adds a folder of links to every installed distribution
except credscan itself (its editable finder, its metadata and its sources stay out). The test
checks that ``scanner`` and its entry point then come from the wheel. About 10 s.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES

# what the build reads: the project's metadata, the readme it names, the packages
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "scanner", "lexicons")
RESUME = SAMPLES / "resumes" / "aisha-khan.txt"


def _run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, f"{' '.join(map(str, args))} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def _build_isolation_needed() -> bool:
    """Building without isolation needs a setuptools that reads PEP 639 licences (>= 77, in the
    test extras); an older one means a build in pip's isolated environment (slower, online)."""
    try:
        import setuptools
    except ImportError:
        return True
    return int(setuptools.__version__.split(".")[0]) < 77


def _links_to_dependencies(folder: Path) -> Path:
    """A folder of links to this environment's installed packages, credscan's own left out."""
    folder.mkdir()
    seen = set()
    for key in ("purelib", "platlib"):
        site = Path(sysconfig.get_paths()[key])
        if site in seen or not site.is_dir():
            continue
        seen.add(site)
        for entry in site.iterdir():
            name = entry.name
            if (name == "scanner" or name.startswith(("credscan", "__editable__")) or name.endswith(".pth")
                    or name == "__pycache__" or (folder / name).exists()):
                continue
            (folder / name).symlink_to(entry)
    return folder


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    """A fresh virtual environment holding the wheel built from these sources."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        elif path.exists():
            shutil.copy2(path, src / name)
    isolation = () if _build_isolation_needed() else ("--no-build-isolation",)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w", tmp / "dist", src)
    wheels = list((tmp / "dist").glob("credscan-*.whl"))
    assert len(wheels) == 1, wheels
    venv = tmp / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheels[0])
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (site / "_credscan_test_dependencies.pth").write_text(f"{_links_to_dependencies(tmp / 'deps')}\n", encoding="utf-8")
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return {"python": python, "venv": venv, "site": site, "cwd": elsewhere, "wheel": wheels[0]}


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    return env


def _python(installed: dict[str, Path], code: str) -> dict:
    out = _run(installed["python"], "-c", textwrap.dedent(code), cwd=installed["cwd"], env=_env(installed["cwd"]))
    return json.loads(out.strip().splitlines()[-1])


def test_the_wheel_ships_the_package_data(installed):
    import zipfile

    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    from scanner import schemas

    assert {f"scanner/schemas/{schemas.file_of(n)}" for n in schemas.names()} <= names
    assert "scanner/py.typed" in names
    assert {f"scanner/lexicons/{p.name}" for p in (ROOT / "lexicons").glob("*.yaml")} <= names


CALLS = {  # each public function on real samples: name -> (function, args, kwargs)
    "scan": ("scan", (SAMPLES / "resumes" / "aisha-khan.txt",), {}),
    "scan_text": ("scan", (), {"text": (SAMPLES / "postings" / "globex-data-scientist.txt").read_text(encoding="utf-8")}),
    "scan_bytes": ("scan", ((SAMPLES / "resumes" / "jordan-smith.docx").read_bytes(),), {"name": "jordan.docx"}),
    "demands": ("demands", (SAMPLES / "postings" / "acme-ml-engineer.html",), {}),
    "audit": ("audit", (SAMPLES / "resumes" / "priya-raman-two-column.pdf", SAMPLES / "postings" / "northwind-mlops.pdf"), {}),
    "audit_guide": ("audit", (SAMPLES / "resumes" / "wei-zhang.tex",), {"cloud": "gcp"}),
    "rank": ("rank", (SAMPLES / "postings" / "initech-platform.md", SAMPLES / "resumes"), {}),
    "stats": ("stats", ([SAMPLES / "postings", SAMPLES / "broken" / "empty.txt"],), {}),
}


def test_the_api_from_the_installed_wheel_on_the_samples(installed):
    """Every public function on real sample files, from another folder, answers as it does here;
    every answer validates against the schema shipped in the wheel."""
    import pickle

    import scanner

    calls = installed["cwd"] / "calls.pickle"
    calls.write_bytes(pickle.dumps({k: (f, tuple(map(_plain, a)), kw) for k, (f, a, kw) in CALLS.items()}))
    got = _python(installed, f"""
        import json, os, pickle, sys
        import scanner
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from scanner import schemas

        assert "spacy" not in sys.modules, "import scanner must not import spaCy"
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s)) for s in map(schemas.load, schemas.names()))
        out = {{"file": scanner.__file__, "cwd_has_scanner": os.path.exists("scanner")}}
        for key, (function, args, kwargs) in pickle.loads(open({str(calls)!r}, "rb").read()).items():
            d = getattr(scanner, function)(*args, **kwargs).to_dict()
            schema = schemas.load(d["schema"])
            errors = [e.message for e in Draft202012Validator(schema, registry=registry).iter_errors(d)]
            assert not errors, (key, errors[:3])
            out[key] = d
        try:
            scanner.scan({str(SAMPLES / "broken" / "legacy.doc")!r})
        except scanner.DocumentError as e:
            out["error"] = [type(e).__name__, e.code, str(e)]
        print(json.dumps(out))
    """)
    assert got.pop("file").startswith(str(installed["site"])) and not got.pop("cwd_has_scanner")
    assert got.pop("error") == ["UnsupportedFormatError", "unsupported",
                                f"{SAMPLES}/broken/legacy.doc: legacy Word .doc: convert to DOCX or PDF"]
    here = {key: getattr(scanner, f)(*a, **kw).to_dict() for key, (f, a, kw) in CALLS.items()}
    assert got == json.loads(json.dumps(here))
    assert [c["id"] for c in got["scan"]["credentials"]] == ["aws-ml-specialty", "gcp-pmle", "dlai-mlops-specialization"]
    assert got["scan_text"]["kind"] == "posting" and got["stats"]["errors"][0]["code"] == "no-text"
    assert got["rank"]["results"] and got["demands"]["required"]


def _plain(value):
    return str(value) if isinstance(value, Path) else [_plain(v) for v in value] if isinstance(value, list) else value


def test_spacy_finds_the_component_through_the_entry_point_alone(installed):
    """A blank spaCy pipeline gets ``credscan`` by name: nothing imports scanner but spaCy
    (through the entry point), and the only ``spacy_factories`` entry point for it is the
    installed wheel's."""
    got = _python(installed, f"""
        import json, sys
        from importlib import metadata
        before = "scanner" in sys.modules
        import spacy

        eps = [ep for ep in metadata.entry_points(group="spacy_factories") if ep.name == "credscan"]
        nlp = spacy.blank("en")
        nlp.add_pipe("credscan")
        doc = nlp(open({str(RESUME)!r}, encoding="utf-8").read())
        print(json.dumps({{"eps": [[ep.value, str(ep.dist._path)] for ep in eps], "before": before,
                          "module": sys.modules["scanner.pipeline.component"].__file__,
                          "spans": sorted({{(s.label_, s._.status) for s in doc.spans["credscan"]}})}}))
    """)
    assert not got["before"]
    assert len(got["eps"]) == 1 and got["eps"][0][1].startswith(str(installed["site"]))
    assert got["module"].startswith(str(installed["site"]))
    assert [tuple(s) for s in got["spans"]] == [
        ("aws-ml-specialty", "earned"), ("dlai-mlops-specialization", "earned"), ("gcp-pmle", "planned")]


def test_the_console_script_from_the_wheel(installed):
    from tests.conftest import assert_schema_valid

    credscan = installed["venv"] / "bin" / "credscan"
    env = _env(installed["cwd"])
    version = _run(credscan, "--version", cwd=installed["cwd"], env=env)
    assert version.startswith("credscan, version ")
    out = _run(credscan, "demands", SAMPLES / "postings" / "acme-ml-engineer.html", "--format", "json",
               cwd=installed["cwd"], env=env)
    assert_schema_valid(json.loads(out))

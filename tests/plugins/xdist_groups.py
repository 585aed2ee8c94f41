"""Keeps together, under pytest-xdist, the tests that share something costly to build.

`make test` runs the suite on two workers with `--dist loadgroup`: each test is
its own unit of work, sent to whichever worker is free, except the tests of an
`xdist_group`, which run on one worker. A fixture is built once per process
that uses it, so without a group a module's world (scope "module") or the
production server (scope "session") would be built on both workers. This
plugin puts in a group:

- every test that uses `production_server` (gunicorn on a demo database of its
  own, some twenty seconds to prepare): the group "production_server";
- every other test that uses one of the project's fixtures scoped to its module
  or class (the URL table's world, the demo's twelve weeks, the crawl's users):
  a group named for its module.

pytest-xdist 3.8 carries a test's group to the scheduler as a suffix of its
node id, which pytest 9.2's structured node ids no longer take: the groups are
silently ignored (pytest-xdist issue 1386). So under `--dist loadgroup` the
scheduler here replaces xdist's: each worker writes, once it has collected, the
group of each test to a file, and the scheduler reads the groups from there.

Without xdist (`-p no:xdist`, or one worker) the marks change nothing.
"""

import json
import shutil
import tempfile
from pathlib import Path

import pytest

# Session fixtures worth building in one worker only; the others (the browser, the
# live server, the test database) belong to each worker anyway.
SHARED_SESSION_FIXTURES = ("production_server",)
GROUPED_SCOPES = {"module", "class", "package"}
GROUPS_DIR = "hamstrong_xdist_groups"  # the key, in the workers' input, of the folder
groups_dir_key = pytest.StashKey[Path]()


def _ours(definition) -> bool:
    # pytest-django's class-scoped `_django_setup_unittest` is in every closure, a no-op
    # outside unittest classes: only the project's own fixtures count.
    return getattr(definition.func, "__module__", "").startswith("tests.")


def _group(item) -> str | None:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:  # not a function test (a doctest, say)
        return None
    closure = info.names_closure
    for name in SHARED_SESSION_FIXTURES:
        if name in closure:
            return name
    for name in closure:
        definitions = info.name2fixturedefs.get(name)
        if definitions and _ours(definitions[-1]) and definitions[-1].scope in GROUPED_SCOPES:
            return item.nodeid.split("::", 1)[0]
    return None


def pytest_configure(config):
    # xdist declares the mark; so does this plugin, for a run without xdist (-p no:xdist).
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        group = _group(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


def _group_names(item) -> str | None:
    names = sorted(
        {
            str(m.args[0] if m.args else m.kwargs.get("name", "default"))
            for m in item.iter_markers("xdist_group")
        }
    )
    return "_".join(names) or None


# Worker: before xdist's own hook sends the collection to the controller.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session):
    folder = getattr(session.config, "workerinput", {}).get(GROUPS_DIR)
    if folder is None:
        return
    groups = {item.nodeid: name for item in session.items if (name := _group_names(item))}
    worker = session.config.workerinput["workerid"]
    written = Path(folder) / f"{worker}.json.part"
    written.write_text(json.dumps(groups))
    written.rename(written.with_suffix(""))


# Controller: the folder the workers write their groups to.
@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    config = node.config
    if config.getoption("dist") != "loadgroup":
        return
    if groups_dir_key not in config.stash:
        config.stash[groups_dir_key] = Path(tempfile.mkdtemp(prefix="pytest-xdist-groups-"))
    node.workerinput[GROUPS_DIR] = str(config.stash[groups_dir_key])


def pytest_unconfigure(config):
    if groups_dir_key in config.stash:
        shutil.rmtree(config.stash[groups_dir_key], ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadgroup" or groups_dir_key not in config.stash:
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        """xdist's loadgroup: a group is one unit of work, every other test is its own.

        Largest units first (xdist's `loadscopereorder`), so that a group never
        starts last and holds up the end of the run.
        """

        groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.groups is None:
                # The workers collected the same tests (xdist checks): any file will do.
                written = sorted(config.stash[groups_dir_key].glob("*.json"))
                self.groups = json.loads(written[0].read_text()) if written else {}
            group = self.groups.get(nodeid)
            return f"group {group}" if group else nodeid

    return GroupScheduling(config, log)

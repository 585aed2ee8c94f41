#!/usr/bin/env python3
"""Refresh the vendored front-end files under static/vendor/ from the npm registry.

Run with `make vendor`. It asks npm (whatever registry npm is configured for)
for each pinned package tarball, copies the files the app serves plus the
licence, strips `sourceMappingURL` comments (the maps are not shipped, and
whitenoise's manifest storage fails on a reference to a missing map), and
writes SHA256SUMS beside them with the package's own integrity string, so a
reviewer can see exactly which release each file came from.

Nothing here runs at app or test time: the files are committed.
"""

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "static" / "vendor"

# package, version, destination folder, {file in tarball: name to ship}
PACKAGES = [
    (
        "bootstrap",
        "5.3.8",
        "bootstrap",
        {
            "package/dist/css/bootstrap.min.css": "bootstrap.min.css",
            "package/dist/js/bootstrap.bundle.min.js": "bootstrap.bundle.min.js",
            "package/LICENSE": "LICENSE",
        },
    ),
    (
        "chart.js",
        "4.6.1",
        "chartjs",
        {
            "package/dist/chart.umd.min.js": "chart.umd.min.js",
            "package/LICENSE.md": "LICENSE.md",
        },
    ),
    # The service worker's caching and routing (static/js/sw.js loads them in this order).
    *(
        (
            f"workbox-{part}",
            "7.4.1",
            "workbox",
            {
                f"package/build/workbox-{part}.prod.js": f"workbox-{part}.prod.js",
                "package/LICENSE": "LICENSE",
            },
        )
        for part in ("core", "routing", "strategies", "expiration", "precaching")
    ),  # fmt: skip
    # The outbox of sets logged offline, in IndexedDB (static/js/offline.js).
    (
        "idb-keyval",
        "6.3.0",
        "idb-keyval",
        {"package/dist/umd.js": "idb-keyval.umd.js", "package/LICENCE": "LICENCE"},
    ),
]

SOURCE_MAP = re.compile(rb"\n?/[/*]# sourceMappingURL=\S+?(?: \*/)?\s*$")


def fetch(name: str, version: str, workdir: Path) -> tuple[Path, str]:
    out = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out)[0]
    return workdir / info["filename"], info["integrity"]


def main() -> int:
    lines, emptied = [], set()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for name, version, folder, files in PACKAGES:
            tarball, integrity = fetch(name, version, workdir)
            dest = VENDOR / folder
            if folder not in emptied and dest.exists():  # packages may share a folder
                shutil.rmtree(dest)
            emptied.add(folder)
            dest.mkdir(parents=True, exist_ok=True)
            with tarfile.open(tarball) as tar:
                for member, target in files.items():
                    data = tar.extractfile(member).read()
                    if target.endswith((".js", ".css")):
                        data = SOURCE_MAP.sub(b"\n", data)
                    (dest / target).write_bytes(data)
                    digest = hashlib.sha256(data).hexdigest()
                    lines.append(f"{digest}  {folder}/{target}")
            lines.append(f"# {folder}: {name}@{version} {integrity}")
            print(f"vendored {name}@{version} into static/vendor/{folder}/")
    (VENDOR / "SHA256SUMS").write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

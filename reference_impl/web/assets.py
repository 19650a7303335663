"""The style sheet and script under addresses that change with their content, kept by browsers.

Each page names ``/static/<file>?v=<digest of the file>``: a browser may keep the file for a
year, and a new version, having another address, is fetched at once. Pages themselves are never
kept (``no-store``), since some show secrets.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, url_for

ONE_YEAR = 365 * 24 * 3600


def register(app: Flask) -> None:
    """Let browsers keep the static files, and give templates ``asset_url(filename)``."""
    assert app.static_folder is not None
    folder = Path(app.static_folder)
    versions = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in folder.iterdir()
        if path.is_file()
    }
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = ONE_YEAR

    def asset_url(filename: str) -> str:
        return url_for("static", filename=filename, v=versions[filename])

    app.jinja_env.globals["asset_url"] = asset_url

"""Static files are read and gzipped once, when the app is built: a request for one reads no
file and compresses nothing, and gives the same bytes as the file on disk."""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path

import pytest

import jobs.web
from jobs.web.static_files import FOR_A_YEAR, accepts_gzip

pytestmark = pytest.mark.anyio

STATIC = Path(jobs.web.__file__).parent / "static"


async def _raw(client, method: str, path: str, encoding: str):
    """The answer with its body as sent (the test client would undo the gzip)."""
    request = client.build_request(method, path, headers={"Accept-Encoding": encoding})
    answer = await client.send(request, stream=True)
    body = b"".join([chunk async for chunk in answer.aiter_raw()])
    await answer.aclose()
    return answer, body


async def test_the_stylesheet_goes_out_gzipped_as_made_once(client, monkeypatch):
    page = await client.get("/login")
    address = re.search(r'href="(/static/app\.[0-9a-f]{10}\.css)"', page.text).group(1)
    on_disk = (STATIC / "app.css").read_bytes()

    def no_compressing(*_args, **_kwargs):
        raise AssertionError("a static answer was compressed while asked for")

    monkeypatch.setattr(zlib, "compressobj", no_compressing)
    monkeypatch.setattr(gzip, "compress", no_compressing)
    packed, body = await _raw(client, "GET", address, "gzip, deflate")
    assert packed.status_code == 200
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["vary"] == "Accept-Encoding"
    assert packed.headers["cache-control"] == FOR_A_YEAR
    assert packed.headers["content-type"] == "text/css; charset=utf-8"
    assert gzip.decompress(body) == on_disk
    assert int(packed.headers["content-length"]) == len(body) < len(on_disk)
    plain, body = await _raw(client, "GET", address, "identity")
    assert "content-encoding" not in plain.headers and body == on_disk
    assert plain.headers["etag"] != packed.headers["etag"]  # two forms, two tags
    refused, body = await _raw(client, "GET", address, "gzip;q=0")
    assert "content-encoding" not in refused.headers and body == on_disk
    head, body = await _raw(client, "HEAD", address, "gzip")
    assert head.status_code == 200 and body == b""
    assert head.headers["content-length"] == packed.headers["content-length"]


async def test_small_static_files_go_out_as_they_are(client):
    for name in ("session.js", "report.css"):
        answer, body = await _raw(client, "GET", f"/static/{name}", "gzip")
        assert answer.status_code == 200
        assert "content-encoding" not in answer.headers
        assert body == (STATIC / name).read_bytes()


async def test_only_the_static_files_are_served(client):
    for path in ("/static/nothing.css", "/static/..%2Fapp.py", "/static/app.0123456789.css"):
        assert (await client.get(path)).status_code == 404


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.8", True),
        ("GZIP", True),
        ("x-gzip", True),
        ("gzip;q=0", False),
        ("gzip; q=0.0", False),
        ("gzip;q=nonsense", False),
        ("identity", False),
        ("deflate, br", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_for_gzip(header, accepted):
    assert accepts_gzip(header) is accepted

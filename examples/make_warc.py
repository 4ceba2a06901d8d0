"""Build abductee-issue/archive.warc.gz from the HTML pages in warc-src/ (kept outside the corpus folder so
ingesting the folder does not read the same pages twice).

Each page becomes one WARC response record with HTTP/1.1 200 headers, as a crawler would have stored it.
Record ids and dates are fixed so that re-running the script gives the same records.

    ../../.venv/bin/python make_warc.py
"""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
SRC = HERE / "warc-src"
OUT = HERE / "abductee-issue" / "archive.warc.gz"

# file in warc-src/ -> (target URI, crawl time, Last-Modified)
PAGES = {
    "2004-05-23-coastline-koizumi-second-visit.html": (
        "https://coastlinedispatch.example/asia-pacific/2004/05/23/koizumi-second-pyongyang-trip",
        "2004-05-23T04:12:31Z",
        "Sat, 22 May 2004 21:00:00 GMT",
    ),
    "2022-09-17-meridian-twenty-years-on.html": (
        "https://www.meridiancourier.example/world/2022/09/17/abductees-twenty-years-on",
        "2022-09-18T02:47:09Z",
        "Sat, 17 Sep 2022 02:30:00 GMT",
    ),
}


def main() -> None:
    with OUT.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for name, (uri, crawled, modified) in PAGES.items():
            body = (SRC / name).read_bytes()
            http_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Last-Modified", modified),
                    ("Server", "nginx"),
                    ("Cache-Control", "max-age=300"),
                ],
                protocol="HTTP/1.1",
            )
            record_id = f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri)}>"
            record = writer.create_warc_record(
                uri,
                "response",
                payload=BytesIO(body),
                http_headers=http_headers,
                warc_headers_dict={"WARC-Record-ID": record_id, "WARC-Date": crawled},
            )
            writer.write_record(record)
    print(f"wrote {OUT.name}: {len(PAGES)} response records")


if __name__ == "__main__":
    main()

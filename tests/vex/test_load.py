"""Format detection, unreadable input, and which project files are VEX documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from margo_ssdf.errors import MargoError
from margo_ssdf.vex import MAX_DOCUMENT_BYTES, VexError, discover, load

from .factory import cyclonedx, openvex, statement, vulnerability, write_json


def _error(path: Path) -> VexError:
    with pytest.raises(VexError) as caught:
        load(path)
    assert path.name in str(caught.value)
    assert caught.value.fix
    return caught.value


def test_the_format_is_detected(tmp_path: Path) -> None:
    ovx = write_json(tmp_path, "a.json", openvex(statement(vuln="CVE-1")))
    cdx = write_json(tmp_path, "b.json", cyclonedx(vulnerability(vid="CVE-2")))
    assert [s.vulnerability for s in load(ovx)] == ["CVE-1"]
    assert [s.vulnerability for s in load(cdx)] == ["CVE-2"]
    assert load(str(ovx))[0].source == str(ovx)


def test_vex_error_is_a_margo_error_with_the_fix() -> None:
    error = VexError("is broken.", file="x.json", field="statements", fix="Mend it.")
    assert isinstance(error, MargoError)
    assert error.diagnostics() == "x.json (field 'statements'): is broken. Mend it."


def test_text_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"@context": "https://openvex.dev/ns/v0.2.0",\n  "statements": [}\n')
    error = _error(path)
    assert "not valid JSON" in str(error) and "line 2" in str(error)


def test_xml_is_refused_as_xml(tmp_path: Path) -> None:
    path = tmp_path / "bom.xml.json"
    path.write_text('<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>')
    assert "XML" in str(_error(path))


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"author": "Jos\xe9"}')
    assert "UTF-8" in str(_error(path))


def test_a_utf8_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(openvex(statement())).encode())
    assert len(load(path)) == 1


def test_an_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as f:
        f.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: nothing is written
    error = _error(path)
    assert "16 MiB" in str(error)


def test_a_duplicated_key_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{'
                    '"vulnerability": {"name": "CVE-1"}, "status": "not_affected", '
                    '"status": "affected", "products": []}]}')
    error = _error(path)
    assert error.field == "status" and "twice" in str(error)


def test_nan_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "nan.json"
    path.write_text('{"bomFormat": "CycloneDX", "version": NaN}')
    assert "NaN" in str(_error(path))


def test_a_missing_file_and_a_directory(tmp_path: Path) -> None:
    assert "does not exist" in str(_error(tmp_path / "absent.json"))
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert "not a regular file" in str(_error(folder))


@pytest.mark.parametrize(
    ("data", "words", "field"),
    [
        ([1, 2], "top level must be a JSON object", None),
        ({"name": "x"}, "neither OpenVEX", "@context"),
        ({"@context": "https://schema.org"}, "not OpenVEX", "@context"),
        ({"bomFormat": "SPDX"}, "not CycloneDX", "bomFormat"),
        ({"document": {"csaf_version": "2.0"}}, "CSAF", "@context"),
        ({"spdxVersion": "SPDX-2.3"}, "SPDX", "@context"),
    ],
)
def test_unknown_formats_name_file_and_field(
    tmp_path: Path, data: object, words: str, field: str | None
) -> None:
    error = _error(write_json(tmp_path, "mystery.json", data))
    assert words in str(error)
    assert error.field == field
    assert "OpenVEX v0.2.0" in str(error) and "CycloneDX" in str(error)


def test_discover_by_name_and_by_top_level_folder() -> None:
    files = [
        "README.md",
        "security/app.openvex.json",
        "app.vex.json",
        "release/app.cdx.vex.json",
        "vex/2024-01.json",
        ".vex/CVE-2024-0001.json",
        "vex/notes.md",
        "vex/nested/deeper.json",
        "tests/vex/data/fixture.json",  # a folder named vex below the top: code or test data
        "margo_ssdf/vex/schema.json",
        "bom.cdx.json",
        "APP.VEX.JSON",
        "openvex.json",
    ]
    assert discover(files) == [
        ".vex/CVE-2024-0001.json",
        "APP.VEX.JSON",
        "app.vex.json",
        "release/app.cdx.vex.json",
        "security/app.openvex.json",
        "vex/2024-01.json",
    ]


def test_discover_of_nothing_is_nothing() -> None:
    assert discover([]) == []
    assert discover(["vex.json", "src/vex.py"]) == []

"""Reading and validating OSV advisories: schema errors name the file and the field."""

from __future__ import annotations

import datetime as dt

import pytest

from margo_ssdf.vulndb.osv import (
    MAX_DOCUMENT_BYTES,
    AdvisoryError,
    iso_timestamp,
    load_advisory,
    parse_advisory,
    read_document,
    timestamp_micros,
)

from .factory import TREE, doc, entry, rng


def reason_for(document: object, source: str = "adv.json") -> str:
    with pytest.raises(AdvisoryError) as caught:
        parse_advisory(document, source)
    assert caught.value.file == source
    assert caught.value.diagnostics().startswith(f"{source}: ")
    return caught.value.reason


class TestTimestamps:
    def test_unquoted_yaml_dates_become_iso_strings(self) -> None:
        raw = (TREE / "pypi" / "pyyaml" / "TEST-PYSEC-1.yaml").read_bytes()
        document, advisory = load_advisory(raw, "TEST-PYSEC-1.yaml")
        # The YAML loader made datetimes; the document and the model both hold strings.
        assert document["modified"] == "2021-07-05T00:01:25.530537Z"
        assert document["published"] == "2020-03-24T15:15:00Z"
        assert advisory.modified == "2021-07-05T00:01:25.530537Z"
        assert advisory.published == "2020-03-24T15:15:00Z"

    def test_an_unquoted_bare_date_is_midnight_utc(self) -> None:
        raw = (TREE / "pypi" / "jinja2" / "TEST-PYSEC-2.yaml").read_bytes()
        document, advisory = load_advisory(raw, "TEST-PYSEC-2.yaml")
        assert document["published"] == "2022-01-01T00:00:00Z"
        assert advisory.published == "2022-01-01T00:00:00Z"

    def test_datetimes_in_a_dict_are_normalised_by_the_model(self) -> None:
        data = doc("X-1", modified=dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC))
        data["withdrawn"] = dt.datetime(2024, 6, 1, 14, 0)  # naive: taken as UTC
        advisory = parse_advisory(data, "X-1.yaml")
        assert advisory.modified == "2024-05-01T12:00:00Z"
        assert advisory.withdrawn == "2024-06-01T14:00:00Z"
        assert advisory.is_withdrawn

    def test_offsets_are_converted_to_utc(self) -> None:
        assert iso_timestamp("2024-01-01T02:00:00+02:00") == "2024-01-01T00:00:00Z"

    def test_year_one_keeps_four_digits(self) -> None:
        # The Go database writes modified as 0001-01-01T00:00:00Z.
        assert iso_timestamp("0001-01-01T00:00:00Z") == "0001-01-01T00:00:00Z"
        assert timestamp_micros("0001-01-01T00:00:00Z") < timestamp_micros("1970-01-01T00:00:00Z")

    def test_fractions_order_correctly(self) -> None:
        assert timestamp_micros("2024-01-01T00:00:00Z") < timestamp_micros("2024-01-01T00:00:00.5Z")

    def test_garbage_timestamp_is_a_schema_error(self) -> None:
        assert "modified" in reason_for(doc("X-1", modified="yesterday"))


class TestSchema:
    def test_minimal_advisory(self) -> None:
        advisory = parse_advisory(
            doc("X-1", entry("requests", rng(("introduced", "0"), ("fixed", "2.20.0")))),
            "X-1.json",
        )
        event = advisory.affected[0].ranges[0].events[1]
        assert (event.kind, event.version) == ("fixed", "2.20.0")
        assert advisory.ids == ("X-1",)
        assert not advisory.is_withdrawn

    def test_unknown_fields_are_ignored_and_nulls_mean_empty(self) -> None:
        data = doc("X-1", aliases=None, references=None, credits=[{"name": "someone"}])
        advisory = parse_advisory(data, "X-1.json")
        assert advisory.aliases == ()
        assert advisory.references == ()

    def test_missing_id(self) -> None:
        data = doc("X-1")
        del data["id"]
        assert reason_for(data).startswith("id: Field required")

    def test_missing_modified(self) -> None:
        data = doc("X-1")
        del data["modified"]
        assert "modified: Field required" in reason_for(data)

    def test_not_a_mapping(self) -> None:
        assert "is a list, not a mapping" in reason_for([1, 2])
        assert "is empty" in reason_for(None)

    def test_event_with_two_kinds(self) -> None:
        bad = entry(
            "requests", {"type": "ECOSYSTEM", "events": [{"introduced": "0", "fixed": "1"}]}
        )
        reason = reason_for(doc("X-1", bad))
        assert "affected[0].ranges[0].events[0]" in reason
        assert "exactly one of introduced, fixed, last_affected, limit" in reason

    def test_event_with_unknown_kind(self) -> None:
        bad = entry("requests", {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"x": "1"}]})
        assert "found x" in reason_for(doc("X-1", bad))

    def test_range_without_introduced(self) -> None:
        bad = entry("requests", rng(("fixed", "1.0")))
        assert "at least one 'introduced'" in reason_for(doc("X-1", bad))

    def test_unknown_range_type(self) -> None:
        bad = entry("requests", rng(("introduced", "0"), kind="CALVER"))
        assert "affected[0].ranges[0].type" in reason_for(doc("X-1", bad))

    def test_git_range_needs_a_repo(self) -> None:
        bad = entry("requests", rng(("introduced", "abc"), kind="GIT"))
        assert "needs a 'repo'" in reason_for(doc("X-1", bad))

    def test_float_version_from_unquoted_yaml_is_refused(self) -> None:
        # YAML reads `fixed: 1.10` as the float 1.1: a digit is already lost, so refuse it.
        bad = entry(
            "requests", {"type": "ECOSYSTEM", "events": [{"introduced": 0}, {"fixed": 1.1}]}
        )
        assert "is a number, not a string; quote it" in reason_for(doc("X-1", bad))

    def test_integer_versions_are_kept_as_text(self) -> None:
        data = doc(
            "X-1",
            {
                "package": {"ecosystem": "PyPI", "name": "a"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": 0}, {"fixed": 2}]}],
                "versions": [0, 1],
            },
        )
        advisory = parse_advisory(data, "X-1.json")
        assert advisory.affected[0].ranges[0].events[0].version == "0"
        assert advisory.affected[0].versions == ("0", "1")

    def test_float_in_versions_list(self) -> None:
        bad = entry("requests", versions=["1.0", 1.1])  # type: ignore[list-item]
        assert "versions" in reason_for(doc("X-1", bad))

    def test_package_needs_ecosystem_and_name(self) -> None:
        bad = {"package": {"name": "requests"}}
        assert "affected[0].package.ecosystem: Field required" in reason_for(doc("X-1", bad))


class TestReadDocument:
    def test_invalid_json_names_the_line(self) -> None:
        with pytest.raises(AdvisoryError, match=r"not valid JSON at line 2"):
            read_document(b'{"id": "x",\n oops}', "x.json")

    def test_invalid_yaml_names_the_line(self) -> None:
        with pytest.raises(
            AdvisoryError, match=r"not valid YAML at line \d: did not find expected"
        ):
            read_document(b"id: x\naffected:\n  - [unclosed\n", "x.yaml")

    def test_not_utf8(self) -> None:
        with pytest.raises(AdvisoryError, match="not UTF-8"):
            read_document(b'{"id": "\xff"}', "x.json")

    def test_too_large(self) -> None:
        with pytest.raises(AdvisoryError, match="larger than 16 MiB"):
            read_document(b" " * (MAX_DOCUMENT_BYTES + 1), "x.json")

    def test_yaml_alias_bomb_is_refused_not_expanded(self) -> None:
        lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in range(1, 10):
            prev = f"*a{i - 1}"
            lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
        lines.append("id: BOMB")
        with pytest.raises(AdvisoryError, match="alias bomb"):
            read_document("\n".join(lines).encode(), "bomb.yaml")

    def test_yaml_recursive_alias_is_refused(self) -> None:
        with pytest.raises(AdvisoryError, match="nested too deeply"):
            read_document(b"id: &a [*a]\n", "loop.yaml")

    def test_unsafe_yaml_tags_are_refused(self) -> None:
        with pytest.raises(AdvisoryError, match="not valid YAML"):
            read_document(b"id: !!python/object/apply:os.system ['true']\n", "evil.yaml")

    def test_yaml_set_has_no_json_form(self) -> None:
        with pytest.raises(AdvisoryError, match="type set"):
            read_document(b"id: !!set {a, b}\n", "set.yaml")

    def test_byte_order_mark_is_accepted(self) -> None:
        assert read_document(b'\xef\xbb\xbf{"id": "x"}', "x.json") == {"id": "x"}

"""Suppression comments: ``# blueprint: ignore[CODE] reason`` on or above the line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from blueprint.rules import Options
from blueprint.rules.checker import check_file
from blueprint.rules.suppress import parse

# an AP H failure with no action: BP007 at the failure's line (the "- id: empty-card" line)
HEAD = """\
blueprint: 1
title: Promo card
steps:
  - id: receive-card
    lane: customer
    title: Receive the promo card
    next: [hand-out]
  - id: hand-out
    lane: frontstage
    title: Clerk hands out the card
    failures:
"""
FAILURE = """\
      - id: empty-card
        mode: Card handed out empty
        severity: 8
        occurrence: 7
        detection: 8
"""


def codes(path: str) -> list[str]:
    return [f.code for f in check_file(path, Options()).findings]


def test_without_suppression_the_risk_is_an_error(write) -> None:
    assert codes(str(write(HEAD + FAILURE))) == ["BP007"]


def test_comment_above_silences_with_a_reason(write) -> None:
    text = HEAD + "      # blueprint: ignore[BP007] accepted by the risk board, ticket QA-112\n" + FAILURE
    assert codes(str(write(text))) == []


def test_comment_on_the_line_silences(write) -> None:
    text = HEAD + FAILURE.replace(
        "- id: empty-card", "- id: empty-card  # blueprint: ignore[BP007] pilot only"
    )
    assert codes(str(write(text))) == []


def test_name_instead_of_code_and_comma_lists(write) -> None:
    text = HEAD + "      # blueprint: ignore[BP008, unaddressed-risk] - pilot store only\n" + FAILURE
    assert codes(str(write(text))) == []
    [s] = parse(text)
    assert (s.codes, s.reason) == (("BP008", "BP007"), "pilot store only")


def test_stacked_comments_above_one_line(write) -> None:
    text = (
        HEAD
        + "      # blueprint: ignore[BP008] reviewed\n      # blueprint: ignore[BP007] reviewed\n"
        + FAILURE
    )
    assert codes(str(write(text))) == []


def test_other_codes_and_other_lines_are_not_silenced(write) -> None:
    assert codes(str(write(HEAD + "      # blueprint: ignore[BP003] wrong rule\n" + FAILURE))) == ["BP007"]
    # a blank line breaks "the line directly above"
    assert codes(str(write(HEAD + "      # blueprint: ignore[BP007] too far\n\n" + FAILURE))) == ["BP007"]
    # a trailing comment covers its own line only
    text = HEAD.replace("failures:", "failures:  # blueprint: ignore[BP007] not here") + FAILURE
    assert codes(str(write(text))) == ["BP007"]


def test_without_a_reason_nothing_is_silenced_and_bp020_says_so(write) -> None:
    path = str(write(HEAD + "      # blueprint: ignore[BP007]\n" + FAILURE))
    findings = check_file(path, Options()).findings
    assert [(f.code, f.line) for f in findings] == [(12, "BP020")[::-1], (13, "BP007")[::-1]]
    assert "gives no reason" in findings[0].message


def test_unknown_code_is_reported_with_the_nearest(write) -> None:
    path = str(write(HEAD + "      # blueprint: ignore[BP07] accepted\n" + FAILURE))
    findings = check_file(path, Options()).findings
    assert [f.code for f in findings] == ["BP020", "BP007"]
    assert "unknown rule 'BP07', did you mean 'BP007'?" in findings[0].message


def test_bare_ignore_names_no_rule(write) -> None:
    findings = check_file(
        str(write(HEAD + "      # blueprint: ignore accepted\n" + FAILURE)), Options()
    ).findings
    assert [f.code for f in findings] == ["BP020", "BP007"]
    assert "names no rule" in findings[0].message


def test_hash_inside_quoted_text_is_not_a_comment(write) -> None:
    text = HEAD.replace(
        "title: Clerk hands out the card",
        "title: 'Clerk # blueprint: ignore[BP007] says it is loaded'",
    )
    text = text.replace("title: Receive the promo card", 'title: "a #blueprint: ignore[BP007] x"')
    assert parse(text) == ()
    assert codes(str(write(text + FAILURE))) == ["BP007"]


def test_block_text_is_not_a_comment() -> None:
    text = "blueprint: 1\ntitle: |\n  # blueprint: ignore[BP007] inside text\nsteps: []\n"
    assert parse(text) == ()


def test_bp020_itself_cannot_be_suppressed(write) -> None:
    text = HEAD + "      # blueprint: ignore[BP007]  # blueprint: ignore[BP020] meta\n" + FAILURE
    assert codes(str(write(text))) == ["BP020", "BP007"]


def test_bp020_can_be_disabled_like_any_rule(write) -> None:
    path = str(write(HEAD + "      # blueprint: ignore[BP007]\n" + FAILURE))
    assert [f.code for f in check_file(path, Options(disabled=frozenset({"BP020"}))).findings] == ["BP007"]


def test_schema_errors_can_be_suppressed(write) -> None:
    text = HEAD + FAILURE.replace("severity: 8", "severity: 11  # blueprint: ignore[BP001] legacy scale")
    assert "BP001" not in codes(str(write(text)))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab #:[],'\"|>\n -BP07ignorelueprint")), max_size=120))
def test_parse_never_fails(text: str) -> None:
    for s in parse("blueprint: ignore\n" + text):
        assert s.line >= 1 and s.col >= 1 and s.covers > s.line - 1

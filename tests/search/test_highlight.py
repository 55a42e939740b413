"""The API's own highlights: the words typed are marked, the rest is inert text."""

from __future__ import annotations

from techmarket.search.highlight import ELLIPSIS, SNIPPET_LENGTH, Highlighter


def test_marks_the_query_terms_longest_first_and_ignores_case() -> None:
    marked = Highlighter("镁合金 压铸 SiC")
    assert marked.title("高强镁合金压铸件与sic外延") == (
        "高强<em>镁合金</em><em>压铸</em>件与<em>sic</em>外延"
    )


def test_a_sub_word_is_marked_inside_a_longer_word() -> None:
    assert Highlighter("合金").title("镁合金铸造") == "镁<em>合金</em>铸造"


def test_markup_in_entries_and_queries_stays_text() -> None:
    marked = Highlighter("<script> 镁合金")
    title = marked.title("<img src=x onerror=alert(1)>镁合金")
    assert title == "&lt;img src=x onerror=alert(1)&gt;<em>镁合金</em>"
    assert "<" not in marked.snippet("<script>x</script>").replace("<em>", "").replace("</em>", "")


def test_the_snippet_is_cut_around_the_first_marked_term() -> None:
    summary = "前" * 300 + "碳化硅外延" + "后" * 300
    snippet = Highlighter("碳化硅").snippet(summary)
    assert snippet.startswith(ELLIPSIS)
    assert snippet.endswith(ELLIPSIS)
    assert "<em>碳化硅</em>外延" in snippet
    assert len(snippet.replace("<em>", "").replace("</em>", "")) == SNIPPET_LENGTH + 2


def test_without_a_match_the_snippet_is_the_beginning() -> None:
    summary = "甲" * 200
    assert Highlighter("").snippet(summary) == "甲" * SNIPPET_LENGTH + ELLIPSIS
    assert Highlighter("碳化硅").snippet("短摘要") == "短摘要"

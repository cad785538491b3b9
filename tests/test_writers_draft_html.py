"""sqs_cli.writers.draft_html: the report draft as one self-contained, inert HTML file.

The HTML is parsed with the standard library's html.parser into a small tree (end tags
must match, or the test fails), then checked for structure, figures, the chart's
geometry, the absence of anything that could fetch or run, and hostile workbook and
framework text coming back out exactly as text.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import Result

from sqs_cli.api import score_workbook
from sqs_cli.draft import Draft, draft_report
from sqs_cli.framework import Framework, parse_framework
from sqs_cli.writers import OutputOptions
from sqs_cli.writers.draft import render_draft
from sqs_cli.writers.draft_html import (
    CHART_WIDTH,
    CONTENT_SECURITY_POLICY,
    PLOT_LEFT,
    PLOT_WIDTH,
    UNCERTAIN_NOTE,
    write_draft_html,
)
from tests.conftest import COVENTRY, WorkbookFactory, wide_rows

# The void elements of HTML: no end tag. SVG leaves are written self-closing ("<line/>").
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})
# Every element the writer emits; anything else in a document came from somewhere else.
WRITER_TAGS = frozenset(
    {
        "html", "head", "meta", "title", "style", "body", "main", "header", "div", "p",
        "section", "h1", "h2", "h3", "figure", "figcaption", "svg", "desc", "text", "line",
        "g", "rect", "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th",
        "td", "span", "ul", "li", "strong", "em", "footer",
    }
)  # fmt: skip

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_ATTRIBUTE = '"><img src=x onerror=alert(1)>'
HOSTILE_ENTITY = "&amp;"
HOSTILE = f"{HOSTILE_SCRIPT} {HOSTILE_ATTRIBUTE} {HOSTILE_ENTITY}"

# The bar colours of the four bands, best to worst (green, cyan, yellow, red).
GREEN, CYAN, YELLOW, RED = "#2e7d32", "#00838f", "#e0a800", "#c62828"


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """All text inside, whitespace runs made one space, as a reader sees it."""
        parts = [child if isinstance(child, str) else child.text() for child in self.children]
        return " ".join("".join(parts).split())

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def all(self, tag: str, css: str | None = None) -> list[Element]:
        return [
            element
            for element in self.iter()
            if element.tag == tag and (css is None or css in element.classes())
        ]

    def one(self, tag: str, css: str | None = None, **attrs: str) -> Element:
        found = [
            element
            for element in self.all(tag, css)
            if all(element.attrs.get(name.replace("_", "-")) == v for name, v in attrs.items())
        ]
        assert len(found) == 1, f"{len(found)} <{tag} class={css} {attrs}> elements"
        return found[0]

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def number(self, name: str) -> float:
        value = self.attrs[name]
        assert value is not None
        return float(value)


class TreeBuilder(HTMLParser):
    """A tree of Elements; an end tag that does not close the open element fails."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.declarations: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)


def parse(text: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(text)
    builder.close()
    assert [element.tag for element in builder.stack] == ["#document"], "unclosed elements"
    return builder


def document(text: str) -> Element:
    return parse(text).root


@pytest.fixture(scope="module")
def coventry_draft() -> Draft:
    from sqs_cli.framework import load_builtin

    framework = load_builtin()
    return draft_report(score_workbook(COVENTRY, framework), framework)


@pytest.fixture(scope="module")
def coventry_html(coventry_draft: Draft) -> str:
    return render_draft("html", coventry_draft)


@pytest.fixture(scope="module")
def coventry(coventry_html: str) -> Element:
    return document(coventry_html)


# --- The document: one self-contained HTML5 file -------------------------------------


def test_is_one_html5_document_with_the_csp_first_in_head(coventry_html: str) -> None:
    builder = parse(coventry_html)
    assert builder.declarations == ["DOCTYPE html"]
    [html] = [child for child in builder.root.children if isinstance(child, Element)]
    assert html.tag == "html" and html.attrs == {"lang": "en-GB"}
    head = html.one("head")
    metas = [child for child in head.children if isinstance(child, Element)][:2]
    assert metas[0].attrs == {"charset": "utf-8"}
    assert metas[1].attrs == {
        "http-equiv": "Content-Security-Policy",
        "content": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    }
    assert metas[1].attrs["content"] == CONTENT_SECURITY_POLICY


def test_nothing_can_run_or_fetch(coventry: Element, coventry_html: str) -> None:
    tags = {element.tag for element in coventry.iter()} - {"#document"}
    assert tags <= WRITER_TAGS
    for tag in ("script", "img", "link", "iframe", "object", "embed", "a", "base", "image"):
        assert coventry.all(tag) == []
    for element in coventry.iter():
        for name, value in element.attrs.items():
            assert name not in {"src", "href", "xlink:href", "srcset", "action", "poster"}
            assert not name.startswith("on"), f"<{element.tag} {name}>"
            assert not re.search(r"https?:|//|url\(", value or "", re.IGNORECASE)
    [style] = coventry.all("style")
    css = style.text()
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    assert not re.search(r"https?:", coventry_html, re.IGNORECASE)


def test_is_deterministic_with_no_timestamp(coventry_draft: Draft, coventry_html: str) -> None:
    assert render_draft("html", coventry_draft) == coventry_html
    today = datetime.date.today()
    assert str(today.year) not in coventry_html
    assert today.isoformat() not in coventry_html


def test_write_draft_html_writes_what_render_draft_returns(
    coventry_draft: Draft, coventry_html: str
) -> None:
    stream = io.StringIO()
    write_draft_html(coventry_draft, stream, OutputOptions())
    assert stream.getvalue() == coventry_html
    assert coventry_html.endswith("</html>\n")


def test_sqs_report_writes_the_html_from_the_suffix(
    cli: Callable[..., Result], tmp_path: Path, coventry_html: str
) -> None:
    output = tmp_path / "draft.html"
    result = cli("report", COVENTRY, "-o", output)
    assert result.exit_code == 0, result.output
    assert output.read_text("utf-8") == coventry_html


# --- The same text as the Markdown draft ---------------------------------------------


def test_title_dates_context_and_summary(coventry: Element, coventry_draft: Draft) -> None:
    title = "Report of Short Quality Screening (SQS) of youth offending work in Coventry"
    assert coventry.one("head").one("title").text() == title
    assert coventry.one("h1").text() == title
    assert [p.text() for p in coventry.one("div", "dates").all("p")] == [
        "The inspection was conducted from 28 to 30 June 2016.",
        "Publication date: 20 July 2016.",
    ]
    context = coventry.one("section", id="context")
    assert [h.text() for h in context.all("h2")] == ["Context"]
    assert [p.text() for p in context.all("p")] == [
        "We examined 20 cases of children and young people who had recently offended and "
        "were supervised by Coventry Youth Offending Service."
    ]
    summary = coventry.one("section", id="summary")
    assert [p.text() for p in summary.all("p")] == list(coventry_draft.summary)
    assert summary.all("p")[0].text() == (
        "The published reoffending rate for Coventry was 36.0%. This was better than the "
        "England and Wales average of 37.8%."
    )


def test_sections_in_the_reference_reports_order(coventry: Element) -> None:
    assert [h2.text() for h2 in coventry.all("h2")] == [
        "Context",
        "Notes on the figures",
        "Summary",
        "Figures",
        "Commentary on the inspection in Coventry",
        "Key strengths",
        "Areas requiring improvement",
    ]
    commentary = coventry.one("section", id="commentary")
    assert [h3.text() for h3 in commentary.all("h3")] == [
        "1. Reducing reoffending",
        "2. Protecting the public",
        "3. Protecting the child or young person",
        "4. Making sure the sentence is served",
        "5. Operational management",
    ]


@pytest.mark.parametrize(
    ("criterion", "sentence"),
    [
        (
            "1.1",
            "The factors linked to offending were assessed well enough in 18 out of 20 cases.",
        ),
        (
            "1.2",
            "The report to the referral order panel was sufficient in three out of four "
            "relevant cases.",
        ),
        (
            "3.1",
            "The safeguarding and vulnerability screening was sufficient in 12 out of 19 "
            "relevant cases; 7 out of 19 were judged to be insufficient.",
        ),
    ],
)
def test_the_reference_reports_figure_sentences(
    coventry: Element, criterion: str, sentence: str
) -> None:
    item = coventry.one("section", id="commentary").one("li", data_criterion=criterion)
    assert sentence in item.all("p")[0].text()


def test_the_three_figure_phrases_are_in_the_document(coventry: Element) -> None:
    text = coventry.one("body").text()
    assert "in 18 out of 20 cases" in text
    assert "in three out of four relevant cases" in text
    assert "7 out of 19 were judged to be insufficient" in text


def test_commentary_carries_every_sentence_and_rating_line(
    coventry: Element, coventry_draft: Draft
) -> None:
    items = coventry.one("section", id="commentary").all("li")
    criteria = [c for theme in coventry_draft.themes for c in theme.criteria]
    assert [item.attrs["data-criterion"] for item in items] == [c.id for c in criteria]
    for item, criterion in zip(items, criteria, strict=True):
        first, rating = item.all("p")
        assert first.one("strong").text() == f"{criterion.id}. {criterion.title}."
        assert first.text() == f"{criterion.id}. {criterion.title}. " + " ".join(
            criterion.sentences
        )
        assert rating.classes() == ["rating-line"]
        assert rating.text() == criterion.rating
    assert items[0].all("p")[1].text() == (
        "Rated Outstanding: 18 out of 20 sufficient (90%), question 1.1a; uncertain, as the "
        "95% interval (70 to 97%) reaches another band."
    )


def test_findings_and_notes(coventry: Element, coventry_draft: Draft) -> None:
    strengths = coventry.one("section", id="strengths")
    assert [li.text() for li in strengths.all("li")] == [
        "Assessment of offending factors (1.1: 18 out of 20, 90%).",
        "Engagement and diversity in assessment (4.1: 17 out of 20, 85%).",
        "Compliance and enforcement (4.3: 5 out of 6, 83.3%).",
    ]
    improvement = coventry.one("section", id="improvement")
    assert [li.text() for li in improvement.all("li")] == [
        "Protecting victims (2.3: 6 out of 10, 60%).",
        "Assessment of vulnerability (3.1: 12 out of 19, 63.2%).",
        "Planning for safeguarding (3.2: 5 out of 10, 50%).",
        "Management oversight (5.1: 8 out of 20, 40%).",
    ]
    notes = coventry.one("footer", "notes")
    assert [p.text() for p in notes.all("p")] == list(coventry_draft.notes)
    assert len(coventry_draft.notes) == 2


# --- The figures tables ----------------------------------------------------------------


def cells(row: Element) -> list[str]:
    return [td.text() for td in row.all("td")]


def test_a_figures_table_per_theme(coventry: Element) -> None:
    tables = coventry.one("section", id="figures").all("table", "figures")
    assert [table.one("caption").text() for table in tables] == [
        "1. Reducing reoffending",
        "2. Protecting the public",
        "3. Protecting the child or young person",
        "4. Making sure the sentence is served",
        "5. Operational management",
    ]
    assert [th.text() for th in tables[0].one("thead").all("th")] == [
        "ID",
        "Criterion / question",
        "Sufficient",
        "%",
        "95% interval",
        "Rating / note",
    ]
    assert [row.attrs.get("data-question") for row in tables[0].all("tr", "question")] == [
        "1.1a", "1.1b", "1.2a", "1.2b", "1.2c", "1.2d", "1.3a", "1.3b", "1.3c",
    ]  # fmt: skip


def test_criterion_rows_give_figure_interval_rating_and_uncertainty(coventry: Element) -> None:
    figures = coventry.one("section", id="figures")
    row = figures.one("tr", "criterion", data_criterion="1.1")
    assert cells(row) == [
        "1.1",
        "Assessment of offending factors",
        "18 out of 20",
        "90%",
        "70 to 97%",
        "Outstanding uncertain: could be Good",
    ]
    rating = row.all("td")[-1]
    assert rating.classes() == ["rating", "band-green"]
    assert rating.one("span", "uncertain").attrs["title"] == UNCERTAIN_NOTE
    assert cells(figures.one("tr", "criterion", data_criterion="1.3"))[-1] == (
        "Good uncertain: could be Outstanding, Requires improvement or Inadequate"
    )
    expected_classes = {
        "1.2": "band-cyan",
        "2.3": "band-yellow",
        "3.2": "band-yellow",
        "5.1": "band-red",
    }
    for criterion, css in expected_classes.items():
        cell = figures.one("tr", "criterion", data_criterion=criterion).all("td")[-1]
        assert cell.classes() == ["rating", css]
    assert figures.one("p", "uncertain-note").text() == UNCERTAIN_NOTE


def test_question_rows_with_their_notes(coventry: Element) -> None:
    figures = coventry.one("section", id="figures")
    assert cells(figures.one("tr", data_question="1.1a")) == [
        "1.1a",
        "Were the factors linked to offending assessed well enough?",
        "18 out of 20",
        "90%",
        "70 to 97%",
        "sets the rating",
    ]
    unratable = figures.one("tr", data_question="1.2b")
    assert unratable.classes() == ["question", "unratable"]
    assert cells(unratable)[2:] == ["1 out of 3", "33.3%", "6 to 79%", "too few cases to rate"]
    assert cells(figures.one("tr", data_question="3.2b"))[2:] == [
        "5 out of 10",
        "50%",
        "24 to 76%",
        "sets the rating; 2 not done",
    ]


# --- The chart ---------------------------------------------------------------------------


def x_at(proportion: float | Fraction) -> float:
    return round(PLOT_LEFT + float(proportion) * PLOT_WIDTH, 1)


def test_one_chart_with_a_bar_per_criterion(coventry: Element, coventry_draft: Draft) -> None:
    [svg] = coventry.all("svg")
    assert svg.classes() == ["chart"]
    assert svg.attrs["role"] == "img"
    groups = svg.all("g", "criterion")
    assert len(groups) == 13
    assert len(svg.all("rect", "bar")) == 13
    results = {c.id: c for c in coventry_draft.workbook.criteria}
    for group in groups:
        result = results[str(group.attrs["data-criterion"])]
        assert result.proportion is not None and result.interval is not None
        [bar] = group.all("rect", "bar")
        assert bar.number("x") == PLOT_LEFT
        assert bar.number("width") == round(float(result.proportion) * PLOT_WIDTH, 1)
        whisker = group.all("line", "whisker")[0]
        assert (whisker.number("x1"), whisker.number("x2")) == (
            x_at(result.interval.low),
            x_at(result.interval.high),
        )
    labels = [group.one("text", "criterion-label").text() for group in groups]
    assert labels[0] == "1.1 Assessment of offending factors"
    assert labels[-1] == "5.1 Management oversight"


def test_bars_are_coloured_by_band(coventry: Element) -> None:
    svg = coventry.one("svg")
    fills = {
        group.attrs["data-criterion"]: group.one("rect", "bar").attrs["fill"]
        for group in svg.all("g", "criterion")
    }
    assert fills == {
        "1.1": GREEN, "1.2": CYAN, "1.3": CYAN, "2.1": CYAN, "2.2": CYAN, "2.3": YELLOW,
        "3.1": YELLOW, "3.2": YELLOW, "3.3": CYAN, "4.1": GREEN, "4.2": CYAN, "4.3": GREEN,
        "5.1": RED,
    }  # fmt: skip


def test_threshold_lines_at_each_band_minimum_labelled(coventry: Element) -> None:
    svg = coventry.one("svg")
    lines = svg.all("line", "threshold")
    assert [(line.attrs["data-band"], line.attrs["data-minimum"]) for line in lines] == [
        ("Outstanding", "80%"),
        ("Good", "65%"),
        ("Requires improvement", "50%"),
    ]
    for line, minimum in zip(lines, (0.80, 0.65, 0.50), strict=True):
        assert line.number("x1") == line.number("x2") == x_at(minimum)
    labels = svg.all("text", "band-label")
    assert [label.text() for label in labels] == [
        "Outstanding",
        "Good",
        "Requires improvement",
        "Inadequate",
    ]
    # Each name starts just right of its band's threshold (the lowest band's at 0%).
    for label, minimum in zip(labels, (0.80, 0.65, 0.50, 0.0), strict=True):
        assert label.number("x") == x_at(minimum) + 3
        assert label.attrs["text-anchor"] == "start"
        assert label.attrs["data-band"] == label.text()
    # Labels too close to share a line are set on two.
    assert [label.number("y") for label in labels] == [28, 28, 14, 14]
    axis = [text.text() for text in svg.all("text", "axis-label")]
    assert axis == ["0%", "50%", "65%", "80%", "100%"]


def test_chart_has_a_text_alternative(coventry: Element) -> None:
    svg = coventry.one("svg")
    assert svg.attrs["aria-labelledby"] == "chart-title chart-desc"
    assert svg.one("title", id="chart-title").text() == (
        "Each criterion's proportion sufficient against the band thresholds"
    )
    description = svg.one("desc", id="chart-desc").text()
    assert description.endswith(
        "dashed lines mark where each band starts: Outstanding from 80%, Good from 65%, "
        "Requires improvement from 50%, Inadequate from 0%. The tables below give every figure."
    )
    first = svg.one("g", "criterion", data_criterion="1.1")
    assert first.one("title").text() == (
        "1.1 Assessment of offending factors: Outstanding, 90% (18 out of 20 sufficient), "
        "95% interval 70 to 97%, uncertain"
    )


def test_print_styles(coventry: Element) -> None:
    css = coventry.one("style").text()
    media = css[css.index("@media print") :]
    assert "break-inside: avoid" in media
    assert "background: #fff" in media
    # The chart, each table row and each list item stay whole; a table runs on between
    # its rows (issue 16: 6 printed pages where whole tables took 9), its header repeated.
    assert re.search(r"figure, tr, li \{ break-inside: avoid", media)
    assert re.search(r"table\.figures \{ break-inside: auto", media)
    assert "table.figures thead { display: table-header-group; }" in media


# --- Unrated criteria and the bands a draft does not know ------------------------------


@pytest.fixture
def one_question_draft(make_workbook: WorkbookFactory, framework: Framework) -> Draft:
    """Only 1.1a marked, all 60 cases Yes: Outstanding and certain (94 to 100%)."""
    marks = {f"C{case:02}": ["Yes"] for case in range(1, 61)}
    path = make_workbook({"Cases": wide_rows(["1.1a"], marks)})
    return draft_report(score_workbook(path, framework), framework)


def test_unrated_criteria_are_shown_as_not_rated(one_question_draft: Draft) -> None:
    root = document(render_draft("html", one_question_draft))
    svg = root.one("svg")
    groups = svg.all("g", "criterion")
    assert len(groups) == 13
    assert [rect.attrs["data-band"] for rect in svg.all("rect", "bar")] == ["Outstanding"]
    assert svg.one("rect", "bar").attrs["fill"] == GREEN
    not_rated = [
        group.attrs["data-criterion"] for group in groups if group.all("text", "not-rated")
    ]
    assert len(not_rated) == 12 and "1.1" not in not_rated
    assert {text.text() for text in svg.all("text", "not-rated")} == {"not rated"}
    row = root.one("tr", "criterion", data_criterion="2.1")
    assert cells(row)[2:5] == ["", "", ""]
    assert row.all("td")[-1].classes() == ["rating", "not-rated"]
    assert cells(row)[-1].startswith("Not rated: ")
    # Certain: no badge, no note.
    assert root.all("span", "uncertain") == []
    assert root.all("p", "uncertain-note") == []
    assert cells(root.one("tr", "criterion", data_criterion="1.1"))[-1] == "Outstanding"


def test_the_frameworks_bands_passed_in_give_every_threshold(
    one_question_draft: Draft, framework: Framework
) -> None:
    stream = io.StringIO()
    write_draft_html(one_question_draft, stream, OutputOptions(), bands=framework.rating.bands)
    svg = document(stream.getvalue()).one("svg")
    assert [line.attrs["data-minimum"] for line in svg.all("line", "threshold")] == [
        "80%",
        "65%",
        "50%",
    ]
    assert len(svg.all("text", "band-label")) == 4


def test_render_draft_shows_every_threshold_of_the_framework(one_question_draft: Draft) -> None:
    svg = document(render_draft("html", one_question_draft)).one("svg")
    assert [line.attrs["data-minimum"] for line in svg.all("line", "threshold")] == [
        "80%",
        "65%",
        "50%",
    ]


# --- Hostile text from the workbook and the framework ----------------------------------


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes (\\", \\\\, \\uXXXX) are TOML's too."""
    return json.dumps(text)


def hostile_framework() -> Framework:
    text = f"""
id = "hostile"
title = {toml_string("Framework " + HOSTILE)}

[rating]
min_relevant = 1

[[rating.bands]]
name = {toml_string("Top " + HOSTILE)}
min = 0.8
finding = "strength"

[[rating.bands]]
name = "Low"
min = 0
finding = "improvement"

[[themes]]
id = "t<i>"
title = {toml_string("Theme " + HOSTILE)}

[[themes.criteria]]
id = {toml_string('c"><i>')}
title = {toml_string("Criterion " + HOSTILE)}

[[themes.criteria.questions]]
id = "q1"
text = {toml_string("Question " + HOSTILE)}
statement = {toml_string("the statement " + HOSTILE + " held")}
"""
    return parse_framework(text, source="<hostile>")


HOSTILE_INSPECTION = [
    ["Area", f"Area {HOSTILE}"],
    ["Service", f"Service {HOSTILE}"],
    ["Fieldwork start", f"Start {HOSTILE}"],
    ["Published", f"Published {HOSTILE}"],
    ["Reoffending rate", 0.36],
    ["Comparator reoffending rate", 0.378],
    ["Comparator", f"Comparator {HOSTILE}"],
    ["Lead inspector", f"Inspector {HOSTILE}"],
]
HOSTILE_CASES = [
    ["Case ID", "q1"],
    [HOSTILE_SCRIPT, "Yes"],
    [HOSTILE_ATTRIBUTE, "Yes"],
    [HOSTILE_ENTITY, "Yes"],
    ["C4", "Yes"],
    ["C5", "No"],
    ["C6", "<img src=x onerror=alert(1)>"],
]


def hostile_draft(make_workbook: WorkbookFactory) -> Draft:
    framework = hostile_framework()
    path = make_workbook({"Cases": HOSTILE_CASES, "Inspection": HOSTILE_INSPECTION})
    return draft_report(score_workbook(path, framework), framework)


def assert_inert(text: str) -> Element:
    """No markup from the hostile text: not in the source, not in the parsed tree."""
    lowered = text.lower()
    for fragment in ("<script", "<img", "<i>", "onerror=alert(1)>", 'c"><i>'):
        assert fragment not in lowered
    root = document(text)
    tags = {element.tag for element in root.iter()} - {"#document"}
    assert tags <= WRITER_TAGS
    assert root.all("script") == [] and root.all("img") == [] and root.all("i") == []
    for element in root.iter():
        assert not any(name.startswith("on") or name == "src" for name in element.attrs)
    return root


def test_hostile_workbook_and_framework_text_is_only_text(make_workbook: WorkbookFactory) -> None:
    draft = hostile_draft(make_workbook)
    # The draft really carries the hostile text, so the checks below are not vacuous.
    assert draft.area == f"Area {HOSTILE}"
    assert f"Comparator {HOSTILE}" in draft.summary[0]
    text = render_draft("html", draft)
    root = assert_inert(text)
    assert "&amp;amp;" in text  # "&amp;" in a cell stays the five characters "&amp;"

    assert root.one("head").one("title").text() == draft.title
    assert root.one("h1").text() == (
        f"Report of Short Quality Screening (SQS) of youth offending work in Area {HOSTILE}"
    )
    assert [p.text() for p in root.one("div", "dates").all("p")] == [
        f"Fieldwork: Start {HOSTILE}.",
        f"Publication date: Published {HOSTILE}.",
    ]
    assert root.one("section", id="context").one("p").text() == (
        "We examined 6 cases of children and young people who had recently offended and "
        f"were supervised by Service {HOSTILE}."
    )
    assert root.one("section", id="summary").all("p")[0].text() == (
        f"The published reoffending rate for Area {HOSTILE} was 36.0%. This was better than "
        f"the Comparator {HOSTILE} average of 37.8%."
    )
    commentary = root.one("section", id="commentary")
    assert commentary.one("h2").text() == f"Commentary on the inspection in Area {HOSTILE}"
    assert commentary.one("h3").text() == f"t<i>. Theme {HOSTILE}"
    item = commentary.one("li", data_criterion='c"><i>')
    assert item.one("strong").text() == f'c"><i>. Criterion {HOSTILE}.'
    assert item.all("p")[0].text() == (
        f'c"><i>. Criterion {HOSTILE}. The statement {HOSTILE} held in all but one of the '
        "five relevant cases. For this question, one mark could not be read; it is left out "
        "of these figures."
    )
    assert item.all("p")[1].text() == draft.themes[0].criteria[0].rating

    table = root.one("table", "figures", data_theme="t<i>")
    assert table.one("caption").text() == f"t<i>. Theme {HOSTILE}"
    assert cells(table.one("tr", "criterion", data_criterion='c"><i>'))[:2] == [
        'c"><i>',
        f"Criterion {HOSTILE}",
    ]
    assert cells(table.one("tr", data_question="q1"))[1] == f"Question {HOSTILE}"

    svg = root.one("svg")
    group = svg.one("g", "criterion", data_criterion='c"><i>')
    assert group.one("title").text().startswith(f'c"><i> Criterion {HOSTILE}: Top {HOSTILE}, ')
    assert group.one("text", "criterion-label").text() == (
        f'c"><i> Criterion {HOSTILE}'[:41].rstrip() + "\u2026"
    )
    assert group.one("rect", "bar").attrs["data-band"] == f"Top {HOSTILE}"
    labels = svg.all("text", "band-label")
    assert [text.attrs["data-band"] for text in labels] == [f"Top {HOSTILE}", "Low"]
    label = labels[0]
    # Too long to start at its 80% line: it ends at the chart's edge, cut to fit the plot.
    assert label.text() == f"Top {HOSTILE}"[:59] + "\u2026"
    assert (label.number("x"), label.attrs["text-anchor"]) == (CHART_WIDTH - 2, "end")
    assert [line.attrs["data-band"] for line in svg.all("line", "threshold")] == [f"Top {HOSTILE}"]
    assert [li.text() for li in root.one("section", id="strengths").all("li")] == [
        f'Criterion {HOSTILE} (c"><i>: 4 out of 5, 80%).'
    ]
    # Never shown, yet never markup either.
    assert "Inspector" not in root.one("body").text()


def test_a_hostile_file_name_as_the_area_is_only_text(
    make_workbook: WorkbookFactory, framework: Framework
) -> None:
    """Without an Inspection Area the draft says "the service": the file's name, which may
    hold markup, is nowhere in it."""
    name = f"{HOSTILE_ATTRIBUTE} {HOSTILE_ENTITY}.xlsx"
    path = make_workbook({"Cases": [["Case ID", "1.1a"], ["C1", "Yes"]]}, name=name)
    draft = draft_report(score_workbook(path, framework), framework)
    assert draft.area is None
    text = render_draft("html", draft)
    root = assert_inert(text)
    assert "onerror" not in text
    assert root.one("h1").text() == (
        "Report of Short Quality Screening (SQS) of youth offending work"
    )
    assert root.one("section", id="commentary").one("h2").text() == ("Commentary on the inspection")

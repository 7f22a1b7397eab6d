"""The pack's document template: cover page, header and 'page X of Y' footer, contents with page numbers.

One layout pass: the contents list every heading of the story (known before layout) and their page numbers are
PDF forms filled in when the canvas is saved (contents.py); 'Page X of Y' is drawn then too, once the total is
known (the numbered-canvas pattern).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph

from carelog.reports.pack.contents import ContentsPlaceholder, contents_lines, fill_page_numbers
from carelog.reports.pack.styles import FONT, FONT_BOLD, GREY, NAVY, PAGE_MARGIN, RULE, esc, stylesheet

ProgressFn = Callable[[int, str], None]
_keys = itertools.count(1)
_EXPECTED_PASSES = 1
_NO_PAD = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}


class Heading(Paragraph):  # type: ignore[misc]  # ReportLab has no type hints
    """A section (level 0) or sub-section (level 1) heading that goes into the contents and the PDF outline."""

    def __init__(self, text: str, level: int = 0) -> None:
        style = stylesheet()["H1" if level == 0 else "H2"]
        super().__init__(esc(text), style)
        self.toc_text = text
        self.toc_level = level
        self.toc_key = f"h{next(_keys)}"


def heading(text: str, level: int = 0) -> Heading:
    return Heading(text, level)


def contents() -> list[Flowable]:
    """The contents: a heading and a placeholder the document fills with a line per heading of the story."""
    return [Paragraph("Contents", stylesheet()["H1"]), ContentsPlaceholder()]


def _numbered_canvas(footer_left: str, doc: PackDocument) -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._page_states: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - ReportLab API
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._page_states)
            for state in self._page_states:
                self.__dict__.update(state)
                if self._pageNumber > 1:  # the cover carries no footer
                    self._draw_footer(total)
                Canvas.showPage(self)
            fill_page_numbers(self, doc.heading_pages, doc.contents_styles)
            Canvas.save(self)

        def _draw_footer(self, total: int) -> None:
            width, _height = self._pagesize
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(PAGE_MARGIN, 13 * mm, width - PAGE_MARGIN, 13 * mm)
            self.setFont(FONT, 8)
            self.setFillColor(GREY)
            self.drawString(PAGE_MARGIN, 9 * mm, footer_left)
            self.drawRightString(width - PAGE_MARGIN, 9 * mm, f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


class PackDocument(BaseDocTemplate):  # type: ignore[misc]  # ReportLab has no type hints
    """A4 portrait; the first page uses the 'cover' template, the rest 'body' with header and footer."""

    def __init__(self, filename: Any, *, title: str, header_right: str, footer_left: str, author: str = "") -> None:
        super().__init__(
            filename,
            pagesize=A4,
            leftMargin=PAGE_MARGIN,
            rightMargin=PAGE_MARGIN,
            topMargin=22 * mm,
            bottomMargin=20 * mm,
            title=title,
            author=author,
            creator="CareLog",
        )
        self._header_left = title
        self._header_right = header_right
        self._footer_left = footer_left
        width, height = A4
        cover_frame = Frame(PAGE_MARGIN, 25 * mm, width - 2 * PAGE_MARGIN, height - 50 * mm, id="cover", **_NO_PAD)
        body_frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body", **_NO_PAD)
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[cover_frame], onPage=self._draw_cover_band),
                PageTemplate(id="body", frames=[body_frame], onPage=self._draw_header),
            ]
        )
        self.progress: ProgressFn | None = None
        self._progress_span = (0, 100)
        self._pass = 0
        self._expected_pages = 40
        self.heading_pages: dict[str, int] = {}
        self.contents_styles: dict[str, Any] = {}

    # ------------------------------------------------------------------------------------------ page decoration
    def _draw_cover_band(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(NAVY)
        canvas.rect(0, height - 14 * mm, width, 14 * mm, stroke=0, fill=1)
        canvas.setFillColor(RULE)
        canvas.rect(0, 0, width, 8 * mm, stroke=0, fill=1)
        canvas.restoreState()

    def _draw_header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFont(FONT_BOLD, 8)
        canvas.setFillColor(NAVY)
        canvas.drawString(PAGE_MARGIN, height - 12 * mm, self._header_left)
        canvas.setFont(FONT, 8)
        canvas.setFillColor(GREY)
        canvas.drawRightString(width - PAGE_MARGIN, height - 12 * mm, self._header_right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(PAGE_MARGIN, height - 14 * mm, width - PAGE_MARGIN, height - 14 * mm)
        canvas.restoreState()

    # ------------------------------------------------------------------------------------------ contents
    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab API
        if isinstance(flowable, Heading):
            key = flowable.toc_key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc_text, key, level=flowable.toc_level, closed=flowable.toc_level > 0)
            self.heading_pages[key] = self.page
            self._report_progress()

    def handle_pageEnd(self) -> None:  # noqa: N802 - ReportLab API
        super().handle_pageEnd()
        if self.page % 5 == 0:
            self._report_progress()

    def _report_progress(self) -> None:
        """Progress through the expected layout passes; the callback raises if the user cancelled."""
        if self.progress is None:
            return
        lo, hi = self._progress_span
        expected_pages = max(self._expected_pages, 1)
        fraction = (self._pass - 1 + min(self.page / expected_pages, 1.0)) / _EXPECTED_PASSES
        self.progress(min(hi - 1, lo + int((hi - lo) * fraction)), f"Laying out page {self.page}")

    def build(self, *args: Any, **kwargs: Any) -> None:
        self._pass += 1
        super().build(*args, **kwargs)
        self._expected_pages = self.page

    def build_story(
        self, story: Sequence[Flowable], progress: ProgressFn | None = None, span: tuple[int, int] = (0, 100)
    ) -> int:
        """Lay out the story (several passes for the contents); returns the number of pages."""
        self.progress = progress
        self._progress_span = span
        self._pass = 0
        story = self._with_contents(list(story))
        self._expected_pages = _estimated_pages(story)
        self.build(story, canvasmaker=_numbered_canvas(self._footer_left, self))
        return int(self.page)

    def _with_contents(self, story: list[Flowable]) -> list[Flowable]:
        """Replace the contents placeholder with one line per heading of the story."""
        styles = stylesheet()
        levels = [styles["TOC1"], styles["TOC2"]]
        headings = _headings(story)
        self.heading_pages = {}
        self.contents_styles = {h.toc_key: levels[min(h.toc_level, 1)] for h in headings}
        out: list[Flowable] = []
        for f in story:
            out.extend(contents_lines(headings, levels) if isinstance(f, ContentsPlaceholder) else [f])
        return out


def _headings(flowables: Sequence[Any]) -> list[Heading]:
    """Every Heading in the story, in order, also inside KeepTogether blocks."""
    out: list[Heading] = []
    for f in flowables:
        if isinstance(f, Heading):
            out.append(f)
        elif isinstance(getattr(f, "_content", None), list):
            out.extend(_headings(f._content))
    return out


def _estimated_pages(story: Sequence[Flowable]) -> int:
    """A rough page count for progress: table rows at about 25 a page, other flowables at about 12 a page."""
    rows = sum(len(getattr(f, "_cellvalues", ())) for f in story)
    others = sum(1 for f in story if not hasattr(f, "_cellvalues"))
    return max(5, rows // 25 + others // 12)


def cover_then_body() -> list[Flowable]:
    """Flowables that end the cover page and switch to the body template."""
    return [NextPageTemplate("body"), PageBreak()]

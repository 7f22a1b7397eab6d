"""Fonts, colours and paragraph styles of the pack. DejaVu Sans (shipped inside matplotlib) covers non-Latin names."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"

NAVY = colors.HexColor("#1f3a5f")
TEAL = colors.HexColor("#2a7f8f")
GREY = colors.HexColor("#595959")
LIGHT = colors.HexColor("#eef2f6")
RULE = colors.HexColor("#b7c3d0")

PAGE_MARGIN = 18 * mm
BODY_MIN = 9.0  # nothing printed for reading is smaller (print check, issue 16)
CELL_SIZE = 9.0
CELL_LEADING = 11.0


@lru_cache(maxsize=1)
def register_fonts() -> str:
    """Register DejaVu Sans from matplotlib's bundled fonts (once); returns the regular font name."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(folder / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-BoldOblique", str(folder / "DejaVuSans-BoldOblique.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic="DejaVuSans-BoldOblique"
    )
    return FONT


@lru_cache(maxsize=1)
def stylesheet() -> StyleSheet1:
    register_fonts()
    sheet = StyleSheet1()
    sheet.add(ParagraphStyle("Body", fontName=FONT, fontSize=9.5, leading=13, spaceAfter=4))
    sheet.add(ParagraphStyle("Small", parent=sheet["Body"], fontSize=BODY_MIN, leading=11.5, textColor=GREY))
    sheet.add(ParagraphStyle("Cell", fontName=FONT, fontSize=CELL_SIZE, leading=CELL_LEADING))
    sheet.add(ParagraphStyle("CellBold", parent=sheet["Cell"], fontName=FONT_BOLD))
    sheet.add(
        ParagraphStyle("H1", fontName=FONT_BOLD, fontSize=16, leading=20, textColor=NAVY, spaceBefore=0, spaceAfter=8)
    )
    sheet.add(
        ParagraphStyle("H2", fontName=FONT_BOLD, fontSize=12, leading=15, textColor=TEAL, spaceBefore=8, spaceAfter=4)
    )
    sheet.add(
        ParagraphStyle("H3", fontName=FONT_BOLD, fontSize=10, leading=13, textColor=NAVY, spaceBefore=6, spaceAfter=2)
    )
    sheet.add(ParagraphStyle("CoverTitle", fontName=FONT_BOLD, fontSize=26, leading=32, textColor=NAVY, spaceAfter=10))
    sheet.add(ParagraphStyle("CoverSub", fontName=FONT, fontSize=14, leading=19, textColor=TEAL, spaceAfter=24))
    sheet.add(ParagraphStyle("Label", fontName=FONT_BOLD, fontSize=10, leading=14, textColor=GREY))
    sheet.add(ParagraphStyle("Value", fontName=FONT, fontSize=11, leading=15))
    sheet.add(ParagraphStyle("Note", parent=sheet["Body"], textColor=GREY, fontName=FONT_ITALIC))
    sheet.add(ParagraphStyle("Centre", parent=sheet["Body"], alignment=TA_CENTER))
    sheet.add(ParagraphStyle("TOC1", fontName=FONT, fontSize=11, leading=16, leftIndent=0))
    sheet.add(ParagraphStyle("TOC2", fontName=FONT, fontSize=9.5, leading=13, leftIndent=14, textColor=GREY))
    return sheet


def esc(text: str) -> str:
    """Escape free text for a Paragraph and keep its line breaks."""
    return escape(text).replace("\n", "<br/>")


def table_style_commands(header_rows: int = 1) -> list[tuple[object, ...]]:
    """The common look of every data table: navy header, light zebra rows, thin rules."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("FONTNAME", (0, 0), (-1, header_rows - 1), FONT_BOLD),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), NAVY),
        ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, LIGHT]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]

"""Draw a matplotlib Figure straight into a ReportLab Drawing (vector paths, text kept as text, images inline).

Much quicker than writing SVG and parsing it again with svglib (the charts were about a third of the pack's build
time): a small matplotlib renderer turns each path, marker, text and image into ReportLab shapes.
"""

from __future__ import annotations

from typing import Any

from matplotlib.backend_bases import GraphicsContextBase, RendererBase
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox
from reportlab.graphics.shapes import Drawing, Group, Image, Line, Path, String
from reportlab.lib.colors import Color

from carelog.reports.pack.styles import FONT, FONT_BOLD, FONT_ITALIC, register_fonts

_CAPS = {"butt": 0, "round": 1, "projecting": 2}
HATCH_GAP = 6.0  # points between hatch lines
_JOINS = {"miter": 0, "round": 1, "bevel": 2}


def _colour(rgba: Any, alpha: float | None = None) -> Color | None:
    if rgba is None:
        return None
    r, g, b = float(rgba[0]), float(rgba[1]), float(rgba[2])
    a = float(rgba[3]) if len(rgba) > 3 else 1.0
    if alpha is not None:
        a = alpha
    return None if a <= 0 else Color(r, g, b, alpha=a)


def _steps(start: float, end: float, gap: float) -> list[float]:
    out, value = [], start + gap / 2
    while value < end:
        out.append(value)
        value += gap
    return out


def _diagonals(
    x0: float, y0: float, x1: float, y1: float, gap: float, sign: int
) -> list[tuple[float, float, float, float]]:
    """45-degree lines (rising for sign 1, falling for -1) across the box, cut to it."""
    out: list[tuple[float, float, float, float]] = []
    width, height = x1 - x0, y1 - y0
    offset = -height
    while offset < width:
        # the line x = x0 + offset + t, y = y0 + t (rising) or y = y1 - t (falling), for t in [0, height]
        t0, t1 = max(0.0, -offset), min(height, width - offset)
        if t1 > t0:
            ya, yb = (y0 + t0, y0 + t1) if sign > 0 else (y1 - t0, y1 - t1)
            out.append((x0 + offset + t0, ya, x0 + offset + t1, yb))
        offset += gap * 1.41
    return out


def _dot(x: float, y: float, ink: Color) -> Any:
    from reportlab.graphics.shapes import Circle

    return Circle(x, y, 0.8, fillColor=ink, strokeColor=None)


def _boxes(path: MplPath, transform: Any) -> list[Bbox]:
    """The box of each closed shape in a path: a stacked chart's layer is one path of all its bars."""
    polygons: list[Any] = list(path.to_polygons(transform))
    shapes = [p for p in polygons if len(p)]
    if not shapes:
        return [path.get_extents(transform)]
    return [Bbox([p.min(axis=0), p.max(axis=0)]) for p in shapes]


class _Renderer(RendererBase):
    def __init__(self, width: float, height: float) -> None:
        super().__init__()
        self.width, self.height = width, height
        self.group = Group()

    def flipy(self) -> bool:
        return False

    def get_canvas_width_height(self) -> tuple[float, float]:
        return self.width, self.height

    def points_to_pixels(self, points: Any) -> Any:
        return points  # the figure is drawn at 72 dpi: one pixel is one point

    def new_gc(self) -> GraphicsContextBase:
        return GraphicsContextBase()

    def option_image_nocomposite(self) -> bool:
        return True

    def draw_path(self, gc: Any, path: Any, transform: Any, rgbFace: Any = None) -> None:  # noqa: N803
        fill = _colour(rgbFace, gc.get_alpha() if gc.get_forced_alpha() else None)
        width = gc.get_linewidth()
        stroke = _colour(gc.get_rgb(), gc.get_alpha() if gc.get_forced_alpha() else None) if width > 0 else None
        if fill is None and stroke is None:
            return
        clip = gc.get_clip_rectangle()
        extents = tuple(clip.extents) if clip is not None and fill is None else None
        shape = Path(fillColor=fill, strokeColor=stroke, strokeWidth=width)
        last = (0.0, 0.0)
        for verts, code in path.iter_segments(transform, remove_nans=True, clip=extents):
            if code == MplPath.MOVETO:
                shape.moveTo(verts[0], verts[1])
            elif code == MplPath.LINETO:
                shape.lineTo(verts[0], verts[1])
            elif code == MplPath.CURVE3:
                (cx, cy, x, y), (x0, y0) = verts, last
                shape.curveTo(
                    x0 + 2 / 3 * (cx - x0), y0 + 2 / 3 * (cy - y0), x + 2 / 3 * (cx - x), y + 2 / 3 * (cy - y), x, y
                )
            elif code == MplPath.CURVE4:
                shape.curveTo(*verts)
            elif code == MplPath.CLOSEPOLY:
                shape.closePath()
                continue
            last = (float(verts[-2]), float(verts[-1]))
        shape.strokeLineCap = _CAPS.get(gc.get_capstyle(), 0)
        shape.strokeLineJoin = _JOINS.get(gc.get_joinstyle(), 0)
        _offset, dashes = gc.get_dashes()
        if dashes:
            shape.strokeDashArray = [float(d) for d in dashes]
        self.group.add(shape)
        hatch = gc.get_hatch()
        if hatch and fill is not None:
            for box in _boxes(path, transform):
                self._hatch(box, hatch, gc.get_hatch_color())

    def _hatch(self, box: Any, pattern: str, colour: Any) -> None:
        """Hatch lines across a bar's box (bars are the only hatched shapes in CareLog's charts)."""
        x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
        ink = _colour(colour) or Color(1, 1, 1)
        gap = HATCH_GAP / max(1, min(3, pattern.count(pattern[0])))
        lines: list[tuple[float, float, float, float]] = []
        if "-" in pattern or "+" in pattern:
            lines += [(x0, y, x1, y) for y in _steps(y0, y1, gap)]
        if "|" in pattern or "+" in pattern:
            lines += [(x, y0, x, y1) for x in _steps(x0, x1, gap)]
        for sign in ([1] if "/" in pattern or "x" in pattern else []) + (
            [-1] if "\\" in pattern or "x" in pattern else []
        ):
            lines += _diagonals(x0, y0, x1, y1, gap, sign)
        if "." in pattern or "o" in pattern:
            for x in _steps(x0, x1, gap):
                for y in _steps(y0, y1, gap):
                    self.group.add(_dot(x, y, ink))
        for ax, ay, bx, by in lines:
            self.group.add(Line(ax, ay, bx, by, strokeColor=ink, strokeWidth=0.7))

    def draw_image(self, gc: Any, x: float, y: float, im: Any, transform: Any = None) -> None:
        from PIL import Image as PilImage

        height, width = im.shape[:2]
        picture = PilImage.fromarray(im[::-1], "RGBA").convert("RGB")
        self.group.add(Image(x, y, width, height, picture))

    def draw_text(
        self, gc: Any, x: float, y: float, s: str, prop: Any, angle: float, ismath: Any = False, mtext: Any = None
    ) -> None:
        if ismath:
            s = s.replace("$", "")
        weight = prop.get_weight()
        bold = weight in ("bold", "heavy", "extra bold", "black", "semibold", "demibold") or (
            isinstance(weight, int) and weight >= 600
        )
        font = FONT_BOLD if bold else (FONT_ITALIC if prop.get_style() == "italic" else FONT)
        colour = _colour(gc.get_rgb(), gc.get_alpha() if gc.get_forced_alpha() else None)
        text = String(0, 0, s, fontName=font, fontSize=prop.get_size_in_points(), fillColor=colour)
        item = Group(text)
        item.translate(x, y)
        if angle:
            item.rotate(angle)
        self.group.add(item)


def figure_drawing(figure: Any) -> Drawing:
    """The figure as a Drawing in points, cropped to what is drawn (like bbox_inches="tight")."""
    register_fonts()
    dpi, background = figure.dpi, figure.patch.get_visible()
    figure.set_dpi(72)
    figure.patch.set_visible(False)  # the page is white already; the crop below would cut the full-size patch
    try:
        width, height = figure.get_figwidth() * 72, figure.get_figheight() * 72
        renderer = _Renderer(width, height)
        figure.draw(renderer)
        box = figure.get_tightbbox(renderer).padded(0.05)  # inches
    finally:
        figure.set_dpi(dpi)
        figure.patch.set_visible(background)
    x0, y0 = box.x0 * 72, box.y0 * 72
    group = renderer.group
    group.translate(-x0, -y0)
    drawing = Drawing(box.width * 72, box.height * 72)
    drawing.add(group)
    return drawing

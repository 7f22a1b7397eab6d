"""One chart on a Qt canvas, with an Export button (PNG or SVG) and a `clicked` signal in data coordinates.

matplotlib's Qt canvas (ui.widgets.chart_canvas_qt) is imported only when the first chart is shown, so opening
CareLog stays quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


class ChartView(QWidget):
    clicked = Signal(float, float)  # x, y in the chart's data coordinates

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.figure: Any = None
        self.canvas: QWidget | None = None
        self._shown: QWidget | None = None  # the canvas, or the scroll area holding a tall one
        self.export_button = QPushButton("Export chart…")
        self.export_button.setToolTip("Save this chart as a PNG picture or an SVG drawing")
        self.export_button.setEnabled(False)
        self.hint = QLabel("Click a bar, cell or point to list the incidents behind it.")
        self.hint.setStyleSheet("color: #606060")
        self._placeholder = QLabel("Loading…")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self._placeholder, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.export_button)
        self._layout.addLayout(bottom)
        self.export_button.clicked.connect(self._on_export_button_clicked)

    def set_figure(self, figure: Any) -> None:
        """Show a matplotlib Figure (replacing the previous one)."""
        from carelog.reports.charts import scrolls_on_screen
        from carelog.ui.widgets.chart_canvas_qt import ChartCanvas

        old = self._shown or self._placeholder
        canvas = ChartCanvas(figure)  # type: ignore[no-untyped-call]  # matplotlib leaves it unannotated
        canvas.setMinimumSize(320, 220)
        canvas.mpl_connect("button_press_event", self._on_canvas_pressed)
        shown: QWidget = canvas
        if scrolls_on_screen(figure):  # small multiples of many services: their own height, scrolled
            canvas.setMinimumHeight(round(figure.get_figheight() * figure.dpi))
            area = QScrollArea()
            area.setWidgetResizable(True)  # the canvas takes the view's width and keeps its height
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setWidget(canvas)
            shown = area
        self._layout.replaceWidget(old, shown)
        old.hide()
        old.deleteLater()
        self.figure, self.canvas, self._shown = figure, canvas, shown
        self.export_button.setEnabled(True)

    def export_to(self, path: str | Path) -> Path:
        """Write the current chart to a .png or .svg file."""
        from carelog.reports.charts import export_figure

        if self.figure is None:
            raise ValueError("There is no chart to save yet.")
        return export_figure(self.figure, path)

    def _on_export_button_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export chart", f"{self.name}.png", "PNG picture (*.png);;SVG drawing (*.svg)"
        )
        if not path:
            return
        if Path(path).suffix.lower() not in (".png", ".svg"):
            path += ".png"
        try:
            self.export_to(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Chart not saved", f"The chart could not be saved: {exc}")

    def _on_canvas_pressed(self, event: Any) -> None:
        if event.inaxes is not None and event.xdata is not None and event.ydata is not None:
            self.clicked.emit(float(event.xdata), float(event.ydata))

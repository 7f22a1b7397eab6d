"""The Trends tab: charts for one set of filters, the incidents behind a click, and detected patterns.

Data and Figures are built by the task runner (never in the GUI thread); only the canvases are set here. Only the
chart on show is built; another is built when its tab is first shown (TrendService caches the aggregation until the
next write, so that costs the drawing only). "Show" switches the SPC chart and the small multiples between counts
and rates per 1,000 occupied bed days; "Audit scores" draws the follow-up audits with the actions they test. A signal
can be offered as the start of a thematic review: `thematic_review_requested(incident ids, suggested title)`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from carelog.core.enums import Kind, PhysicalHarm
from carelog.core.patterns import PatternSignal
from carelog.core.permissions import Permission, allowed
from carelog.core.rates import Measure
from carelog.core.spc import COLOUR_COMMON, COLOUR_CONCERN, COLOUR_IMPROVEMENT, XmrChart
from carelog.core.trend_data import ChartSelection, SpcView, SummaryCell, TrendCharts, TrendFilter, add_months
from carelog.ui.events import AppEvents
from carelog.ui.models.incident_table_model import IncidentTableModel
from carelog.ui.models.signal_table_model import SignalTableModel
from carelog.ui.models.summary_table_model import SummaryTableModel
from carelog.ui.qt_time import pydate, qdate
from carelog.ui.task_runner import TaskHandle, TaskRunner
from carelog.ui.widgets.chart_view import ChartView

if TYPE_CHECKING:  # services pull in SQLAlchemy; ui/ imports them only for type hints
    from carelog.services.registry import Services

logger = logging.getLogger(__name__)
ANY_KIND = "any"  # the Kind box's "with compliments" choice

CHARTS = (
    ("monthly", "&Monthly"),
    ("spc", "S&PC chart"),
    ("heat", "Day and ho&ur"),
    ("location", "Locatio&ns"),
    ("harm", "&Harm"),
    ("cross", "Safety &cross"),
    ("services", "&By service"),
    ("audits", "Au&dit scores"),
)


@dataclass(frozen=True)
class _Drawn:
    """What a background refresh hands back to the GUI thread."""

    generation: int
    charts: TrendCharts
    xmr: XmrChart
    spc: SpcView
    reading: list[tuple[str, str]]  # (colour, sentence)
    figures: dict[str, Any]  # only the charts on show (the others are drawn when their tab is shown)
    signals: list[PatternSignal] | None
    summary: list[SummaryCell] | None = None
    audit_note: str = ""


class TrendsPage(QWidget):
    thematic_review_requested = Signal(list, str)  # incident ids, suggested title
    charts_refreshed = Signal()
    incidents_listed = Signal(int)

    DEBOUNCE_MS = 200

    def __init__(self, services: Services, events: AppEvents, runner: TaskRunner) -> None:
        super().__init__()
        self._services = services
        self._events = events
        self._runner = runner
        self._generation = 0
        self._handle: TaskHandle | None = None
        self._want_signals = True
        self.data: TrendCharts | None = None
        self.xmr: XmrChart | None = None
        self.spc: SpcView | None = None
        self.selection: ChartSelection | None = None
        self._all_signals: list[PatternSignal] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)

        # filters shared by all charts
        today = services.ctx.clock().date()
        self._default_to = today  # "to" follows today (CareLog stays open overnight) until the user changes it
        self.from_date = QDateEdit(qdate(add_months(today.replace(day=1), -17)))
        self.to_date = QDateEdit(qdate(today))
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self.service = QComboBox()
        self.location = QComboBox()
        self.category = QComboBox()
        self.kind = QComboBox()
        # compliments are not incidents: left out unless asked for, as in the printed pack
        self.kind.addItem("Any kind but compliments", None)
        self.kind.addItem("Any kind, with compliments", ANY_KIND)
        for k in Kind:
            self.kind.addItem(k.label, k)
        self.measure = QComboBox()  # what the SPC chart and the small multiples plot
        for m in Measure:
            self.measure.addItem(m.label, m)
        self.measure.setAccessibleName("Count or rate per 1,000 occupied bed days")
        self.measure.setToolTip(
            "Rates divide by the occupied bed days recorded in Lists > Occupancy; months without them are left out"
        )
        for combo in (self.service, self.location, self.category, self.kind, self.measure):
            # long location names must not push the window wider than a 1366-pixel laptop screen
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.measure.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # short list: shown whole
        filters = QHBoxLayout()
        for label, widget in (
            ("&From", self.from_date),
            ("T&o", self.to_date),
            ("Ser&vice", self.service),
            ("Loca&tion", self.location),
            ("C&ategory", self.category),
            ("&Kind", self.kind),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 1 if isinstance(widget, QComboBox) else 0)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        # charts
        self.views: dict[str, ChartView] = {key: ChartView(key) for key, _ in CHARTS}
        self.chart_tabs = QTabWidget()
        self.spc_category = QComboBox()
        self.spc_reading = QTextBrowser()
        self.spc_reading.setMaximumHeight(130)
        self.spc_reading.setAccessibleName("Reading the SPC chart")
        self.spc_limits = QComboBox()  # one set of limits, or recalculated from a completed action / a chosen date
        self.spc_limits.setAccessibleName("Limits of the SPC chart")
        self.spc_change_date = QDateEdit()
        self.spc_change_date.setCalendarPopup(True)
        self.spc_change_date.setDisplayFormat("dd/MM/yyyy")
        self.spc_change_date.setVisible(False)
        self.spc_freeze = QCheckBox("Free&ze the baseline (limits from the first 12 points)")
        self.spc_target = QSpinBox()
        self.spc_target.setRange(-1, 100_000)
        self.spc_target.setSpecialValueText("No target")
        self.spc_target.setSuffix(" a month")
        self.spc_target.setValue(-1)
        self.spc_target.setAccessibleName("Target: most incidents a month")
        self.spc_target_button = QPushButton("Sav&e target")
        self.spc_target_status = QLabel()
        self.cross_month = QComboBox()
        self.cross_category = QComboBox()
        self.audit_note = QLabel()
        self.audit_note.setWordWrap(True)
        for key, title in CHARTS:
            tab = QWidget()
            tl = QVBoxLayout(tab)
            if key == "spc":
                row = QHBoxLayout()
                row.addWidget(QLabel("Category for the SPC chart:"))
                row.addWidget(self.spc_category, 1)
                limits_label = QLabel("&Limits:")
                limits_label.setBuddy(self.spc_limits)
                row.addWidget(limits_label)
                row.addWidget(self.spc_limits, 2)
                row.addWidget(self.spc_change_date)
                tl.addLayout(row)
                row2 = QHBoxLayout()
                row2.addWidget(self.spc_freeze)
                row2.addStretch(1)
                target_label = QLabel("Target (at most):")
                target_label.setBuddy(self.spc_target)
                row2.addWidget(target_label)
                row2.addWidget(self.spc_target)
                row2.addWidget(self.spc_target_button)
                row2.addWidget(self.spc_target_status)
                tl.addLayout(row2)
            if key == "cross":
                row = QHBoxLayout()
                row.addWidget(QLabel("Month:"))
                row.addWidget(self.cross_month, 1)
                row.addWidget(QLabel("Category:"))
                row.addWidget(self.cross_category, 2)
                tl.addLayout(row)
            tl.addWidget(self.views[key], 1)
            if key == "spc":
                tl.addWidget(self.spc_reading)
            if key == "audits":
                tl.addWidget(self.audit_note)
            self.chart_tabs.addTab(tab, title)
        # measures x services with the icons (double-click a row to open its SPC chart)
        self.summary_model = SummaryTableModel(self)
        self.summary_table = QTableView()
        self.summary_table.setModel(self.summary_model)
        self.summary_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.summary_table.verticalHeader().setVisible(False)
        self.summary_table.verticalHeader().setDefaultSectionSize(22)
        self.summary_table.setWordWrap(False)
        self.summary_table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((130, 120, 85, 50, 50, 250)):
            self.summary_table.setColumnWidth(col, width)
        summary_tab = QWidget()
        sl0 = QVBoxLayout(summary_tab)
        sl0.addWidget(
            QLabel("Each measure at each service over the last 24 complete months. Double-click one for its chart.")
        )
        sl0.addWidget(self.summary_table, 1)
        self.chart_tabs.addTab(summary_tab, "Summar&y")
        self.summary_table.doubleClicked.connect(self._on_summary_table_double_clicked)
        self._drawn: set[str] = set()  # charts drawn for the latest data: the others are drawn when shown
        self.views["audits"].hint.setText(
            "Scores of the follow-up audits recorded on the Concerns tab; A1, A2... mark the actions they test."
        )
        self.chart_tabs.currentChanged.connect(self._on_chart_tabs_current_changed)

        # incidents behind a click
        self.selection_label = QLabel("Click a chart to list the incidents behind it.")
        self.incident_model = IncidentTableModel(services.incidents.summaries, self)
        self.incident_table = QTableView()
        self.incident_table.setModel(self.incident_model)
        self.incident_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.incident_table.setAlternatingRowColors(True)
        self.incident_table.verticalHeader().setVisible(False)
        self.incident_table.verticalHeader().setDefaultSectionSize(22)
        self.incident_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.incident_table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((105, 115, 90, 170, 150, 130, 75, 110, 55)):
            self.incident_table.setColumnWidth(col, width)
        below = QWidget()
        bl = QVBoxLayout(below)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.selection_label)
        bl.addWidget(self.incident_table, 1)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.chart_tabs)
        left.addWidget(below)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)

        # detected signals
        self.signal_model = SignalTableModel(self)
        self.signal_table = QTableView()
        self.signal_table.setModel(self.signal_model)
        self.signal_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.signal_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.signal_table.verticalHeader().setVisible(False)
        self.signal_table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((140, 115, 150, 62)):
            self.signal_table.setColumnWidth(col, width)
        self.signal_explanation = QLabel("Choose a signal to read what was found.")
        self.signal_explanation.setWordWrap(True)
        self.signal_explanation.setMinimumHeight(90)
        self.signal_explanation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.show_signal_button = QPushButton("Show &incidents")
        self.review_button = QPushButton("Start thematic &review")
        self.find_button = QPushButton("Look for patterns a&gain")
        for button in (self.show_signal_button, self.review_button):
            button.setEnabled(False)
        box = QGroupBox("Patterns found in the last 90 days")
        sl = QVBoxLayout(box)
        sl.addWidget(self.signal_table, 1)
        sl.addWidget(self.signal_explanation)
        buttons = QHBoxLayout()
        buttons.addWidget(self.find_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_signal_button)
        buttons.addWidget(self.review_button)
        sl.addLayout(buttons)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([820, 540])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        status_row = QHBoxLayout()  # the status line, and what the SPC charts plot (room for the longer choice)
        status_row.addWidget(self.status_label, 1)
        show_label = QLabel("Sho&w")
        show_label.setBuddy(self.measure)
        status_row.addWidget(show_label)
        status_row.addWidget(self.measure)
        layout.addLayout(status_row)
        layout.addWidget(self.splitter, 1)

        for edit in (self.from_date, self.to_date):
            edit.dateChanged.connect(self._schedule)
        for combo in (self.location, self.category, self.kind, self.measure, self.spc_category, self.cross_month):
            combo.currentIndexChanged.connect(self._schedule)
        self.cross_category.currentIndexChanged.connect(self._schedule)
        self.spc_limits.currentIndexChanged.connect(self._on_spc_limits_changed)
        self.spc_change_date.dateChanged.connect(self._schedule)
        self.spc_freeze.toggled.connect(self._schedule)
        self.spc_target_button.clicked.connect(self.save_target)
        self.service.currentIndexChanged.connect(self._on_service_changed)
        self.views["monthly"].clicked.connect(self._on_monthly_clicked)
        self.views["spc"].clicked.connect(self._on_spc_clicked)
        self.views["heat"].clicked.connect(self._on_heat_clicked)
        self.views["location"].clicked.connect(self._on_location_clicked)
        self.views["harm"].clicked.connect(self._on_harm_clicked)
        self.views["cross"].clicked.connect(self._on_cross_clicked)
        self.signal_table.selectionModel().currentRowChanged.connect(self._on_signal_table_current_changed)
        self.signal_table.doubleClicked.connect(lambda _i: self.show_signal_incidents())
        self.show_signal_button.clicked.connect(self.show_signal_incidents)
        self.review_button.clicked.connect(self.start_thematic_review)
        self.find_button.clicked.connect(self.refresh_signals)
        self.incident_table.doubleClicked.connect(self._on_incident_table_double_clicked)
        events.incidents_changed.connect(self.refresh_signals)
        events.reference_data_changed.connect(self._reload_reference_data)
        events.identity_changed.connect(self.refresh_signals)
        self._reload_reference_data()
        self.refresh()

    # ------------------------------------------------------------------------------------------ filters
    def current_filter(self) -> TrendFilter:
        first, last = pydate(self.from_date.date()), pydate(self.to_date.date())
        if first > last:
            first, last = last, first
        chosen = self.kind.currentData()  # a Kind's value (Qt gives str back), ANY_KIND, or None: all but compliments
        return TrendFilter(
            date_from=first,
            date_to=last,
            service_id=self.service.currentData(),
            location_id=self.location.currentData(),
            category_id=self.category.currentData(),
            kind=Kind(chosen) if chosen not in (None, ANY_KIND) else None,
            exclude_compliments=chosen is None,
        )

    def set_period(self, first: date, last: date) -> None:
        self.from_date.setDate(qdate(first))
        self.to_date.setDate(qdate(last))

    def _follow_today(self) -> None:
        """After midnight, move a "to" date still showing the old today on to the new one."""
        today = self._services.ctx.clock().date()
        if today != self._default_to and pydate(self.to_date.date()) == self._default_to:
            self.to_date.blockSignals(True)
            self.to_date.setDate(qdate(today))
            self.to_date.blockSignals(False)
        self._default_to = today

    def _reload_reference_data(self) -> None:
        ref = self._services.incidents.reference_data()
        self._ref = ref
        for combo, items, any_text in (
            (self.service, [(s.name, s.id) for s in ref.services], "All services"),
            (self.category, [(c.name, c.id) for c in ref.categories], "All categories"),
            (self.spc_category, [(c.name, c.id) for c in ref.categories], "Largest category"),
            (self.cross_category, [(c.name, c.id) for c in ref.categories], "Same as the SPC chart"),
        ):
            _fill(combo, items, any_text)
        self._fill_locations()

    def _fill_locations(self) -> None:
        sid = self.service.currentData()
        locations = [loc for loc in self._ref.locations if sid is None or loc.service_id == sid]
        services = {s.id: s.name for s in self._ref.services}
        items = [(loc.name if sid else f"{loc.name} ({services.get(loc.service_id, '')})", loc.id) for loc in locations]
        _fill(self.location, items, "All locations")

    def _on_service_changed(self) -> None:
        self._fill_locations()
        self._schedule()
        self._apply_signal_scope()

    def _schedule(self) -> None:
        self._timer.start()

    # ------------------------------------------------------------------------------------------ refresh
    def show_signals(self) -> bool:
        """Come to the front with the detected signals in view (from the Home tab's "new signals")."""
        self.signal_table.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def refresh(self) -> None:
        """Rebuild the chart data and Figures in the background (and the signals, when due)."""
        self._timer.stop()
        if not allowed(self._services.ctx.actor, Permission.VIEW_TRENDS):
            self.status_label.setText("Trends are for managers.")  # signed out, or care staff: tab hidden
            return
        self._follow_today()
        self._generation += 1
        generation = self._generation
        f = self.current_filter()
        spc_id = self.spc_category.currentData()
        cross_month = self.cross_month.currentData()
        cross_cat = self.cross_category.currentData()
        spc_options = self.spc_options()
        shown = self.shown_chart()
        keys = (shown,) if shown else ()
        self._drawn = set(keys)
        measure = Measure(self.measure.currentData())  # Qt hands the enum back as its plain value
        want_signals, self._want_signals = self._want_signals, False
        trends = self._services.trends
        today = self._services.ctx.clock().date()
        self.status_label.setText("Drawing charts…")

        def work(handle: TaskHandle) -> _Drawn:
            return _build(
                trends, generation, f, spc_id, cross_month, cross_cat, spc_options, want_signals, keys, today,
                handle, measure,
            )  # fmt: skip

        handle = self._runner.submit(work)
        handle.finished.connect(self._on_refresh_finished)
        handle.failed.connect(self._on_refresh_failed)
        self._handle = handle

    def refresh_signals(self) -> None:
        self._want_signals = True
        self.refresh()

    def _on_refresh_failed(self, message: str) -> None:
        self.status_label.setText(f"The charts could not be drawn: {message}")

    def _on_refresh_finished(self, drawn: _Drawn) -> None:
        if drawn.generation != self._generation:
            return  # a newer refresh is on its way
        self.data, self.xmr, self.spc = drawn.charts, drawn.xmr, drawn.spc
        for key, figure in drawn.figures.items():
            self.views[key].set_figure(figure)
        self._show_reading(drawn)
        self._fill_spc_limits(drawn.spc)
        self._show_target(drawn.spc)
        self._fill_cross_months(drawn.charts)
        if drawn.signals is not None:
            self._all_signals = drawn.signals
            self._apply_signal_scope()
        if drawn.summary is not None:
            self.summary_model.set_rows(drawn.summary)
        if "audits" in drawn.figures:
            self.audit_note.setText(drawn.audit_note)
        total = drawn.charts.total
        notes = " ".join(drawn.charts.notes)
        self.status_label.setText(f"{total:,} record{'s' if total != 1 else ''} match these filters. {notes}".strip())
        self.charts_refreshed.emit()

    def _show_reading(self, drawn: _Drawn) -> None:
        legend = (
            f"<span style='color:{COLOUR_COMMON}'>●</span> common cause &nbsp; "
            f"<span style='color:{COLOUR_CONCERN}'>◆</span> special cause: concern &nbsp; "
            f"<span style='color:{COLOUR_IMPROVEMENT}'>■</span> special cause: improvement"
        )
        icons = []
        variation, assurance = drawn.spc.variation_icon, drawn.spc.assurance_icon
        if variation is not None:
            icons.append(_badge(variation.colour, variation.letter or "~", variation.label))
        if assurance is not None:
            icons.append(_badge(assurance.colour, assurance.letter, assurance.label))
        head = " &nbsp; ".join(icons)
        lines = "".join(f"<li><span style='color:{c}'>●</span> {_html(t)}</li>" for c, t in drawn.reading)
        self.spc_reading.setHtml(
            f"<b>Latest month:</b> {head or 'no data'}<br><b>Reading this chart</b> &nbsp; {legend}"
            f"<ul style='margin:0'>{lines}</ul>"
        )

    def shown_chart(self) -> str | None:
        """The key of the chart tab on show (None on the summary tab)."""
        index = self.chart_tabs.currentIndex()
        return CHARTS[index][0] if 0 <= index < len(CHARTS) else None

    def _on_chart_tabs_current_changed(self, _index: int) -> None:
        shown = self.shown_chart()
        if shown is not None and shown not in self._drawn:
            self.refresh()  # the data is cached by the service: only this chart is built

    def _on_summary_table_double_clicked(self, index: QModelIndex) -> None:
        """Open the SPC chart of a measure at a service."""
        cell = self.summary_model.row_object(index.row())
        if cell is None:
            return
        self.service.setCurrentIndex(max(self.service.findData(cell.service_id), 0))
        self.spc_category.setCurrentIndex(max(self.spc_category.findData(cell.category_id), 0))
        self.chart_tabs.setCurrentIndex(1)
        self.refresh()

    # ------------------------------------------------------------------------------------------ SPC options
    OWN_DATE = "own"

    def spc_options(self) -> tuple[tuple[date, ...], int | None]:
        """(change dates the limits are recalculated from, points of a frozen baseline or None)."""
        chosen = self.spc_limits.currentData()
        if chosen == self.OWN_DATE:
            changes: tuple[date, ...] = (pydate(self.spc_change_date.date()),)
        elif isinstance(chosen, date):
            changes = (chosen,)
        else:
            changes = ()
        return changes, (12 if self.spc_freeze.isChecked() else None)

    def _on_spc_limits_changed(self) -> None:
        own = self.spc_limits.currentData() == self.OWN_DATE
        self.spc_change_date.setVisible(own)
        self._schedule()

    def _fill_spc_limits(self, view: SpcView) -> None:
        """One set of limits; recalculated from each completed action (A1, A2... on the chart); or a chosen date."""
        current = self.spc_limits.currentData()
        self.spc_limits.blockSignals(True)
        self.spc_limits.clear()
        self.spc_limits.addItem("One set for the whole period", None)
        for k, action in enumerate(view.actions, start=1):
            text = f"From A{k} {action.completed:%d/%m/%Y}: {action.title} ({action.status.lower()})"
            self.spc_limits.addItem(text, action.completed)
        self.spc_limits.addItem("From a date I choose…", self.OWN_DATE)
        found = [i for i in range(self.spc_limits.count()) if self.spc_limits.itemData(i) == current]
        index = found[0] if found else (0 if current is None else -1)
        if index < 0 and isinstance(current, date):  # the action is no longer in the period: keep its date
            self.spc_limits.addItem(f"From {current:%d/%m/%Y}", current)
            index = self.spc_limits.count() - 1
        self.spc_limits.setCurrentIndex(max(index, 0))
        self.spc_limits.blockSignals(False)
        if self.data is not None and self.data.spc.months and self.spc_change_date.date() == QDate(2000, 1, 1):
            self.spc_change_date.blockSignals(True)
            self.spc_change_date.setDate(qdate(self.data.spc.months[-1]))
            self.spc_change_date.blockSignals(False)

    def _show_target(self, view: SpcView) -> None:
        can_edit = allowed(self._services.ctx.actor, Permission.MANAGE_ACTIONS)
        has_category = self.data is not None and self.data.spc.category_id is not None
        self.spc_target.blockSignals(True)
        self.spc_target.setValue(-1 if view.target is None else round(view.target))
        self.spc_target.blockSignals(False)
        self.spc_target.setEnabled(can_edit and has_category)
        self.spc_target_button.setEnabled(can_edit and has_category)

    def save_target(self) -> None:
        """Save the target for the SPC chart's category at the chosen service (or all services)."""
        if self.data is None or self.data.spc.category_id is None:
            return
        value = self.spc_target.value()
        service_id = self.service.currentData()
        where = self.service.currentText() if service_id is not None else "all services"
        try:
            self._services.trends.set_target(self.data.spc.category_id, service_id, None if value < 0 else value)
        except Exception as exc:  # ValidationError / PermissionDenied carry a plain-English message
            self.spc_target_status.setText(f"Not saved: {exc}")
            return
        what = "cleared" if value < 0 else f"saved: at most {value} a month"
        self.spc_target_status.setText(f"Target for {self.data.spc.category} at {where} {what}.")
        self._schedule()

    def _fill_cross_months(self, charts: TrendCharts) -> None:
        current = self.cross_month.currentData()
        months = list(reversed(charts.monthly.months))
        wanted = charts.safety_cross.first_day
        self.cross_month.blockSignals(True)
        self.cross_month.clear()
        for m in months:
            self.cross_month.addItem(f"{m:%B %Y}", m)
        index = self.cross_month.findData(current if current in months else wanted)
        self.cross_month.setCurrentIndex(max(index, 0))
        self.cross_month.blockSignals(False)

    # ------------------------------------------------------------------------------------------ clicks
    def _on_monthly_clicked(self, x: float, y: float) -> None:
        from carelog.reports.charts import monthly_hit

        if self.data is None or (hit := monthly_hit(self.data.monthly, x, y)) is None:
            return
        index, category_id, label = hit
        month = self.data.monthly.months[index]
        title = f"{label if category_id else 'All categories'}, {month:%B %Y}"
        self.show_selection(ChartSelection(title, month=month, category_id=category_id))

    def _on_spc_clicked(self, x: float, y: float) -> None:
        from carelog.reports.charts import xmr_hit

        if self.data is None or self.xmr is None or (index := xmr_hit(self.xmr, x)) is None:
            return
        spc = self.data.spc
        if self.xmr.kind == "t" and self.spc is not None:  # a T-chart point is the gap that ends with an event
            day = self.spc.x_dates[index]
            self.show_selection(ChartSelection(f"{spc.category}, {day:%d %B %Y}", day=day, category_id=spc.category_id))
            return
        month = spc.months[index]
        self.show_selection(ChartSelection(f"{spc.category}, {month:%B %Y}", month=month, category_id=spc.category_id))

    def _on_heat_clicked(self, x: float, y: float) -> None:
        from carelog.core.trend_data import WEEKDAYS
        from carelog.reports.charts import heat_map_hit

        if (hit := heat_map_hit(x, y)) is None:
            return
        weekday, hour = hit
        title = f"{WEEKDAYS[weekday]}days, {hour:02d}:00 to {hour:02d}:59"
        self.show_selection(ChartSelection(title, weekday=weekday, hour=hour))

    def _on_location_clicked(self, x: float, y: float) -> None:
        from carelog.reports.charts import location_hit

        if self.data is None or (index := location_hit(self.data.by_location, x, y)) is None:
            return
        item = self.data.by_location[index]
        if item.key is None:
            self.show_selection(ChartSelection(item.label, no_location=True))
        else:
            self.show_selection(ChartSelection(item.label, location_id=int(item.key)))

    def _on_harm_clicked(self, x: float, y: float) -> None:
        from carelog.reports.charts import harm_hit

        if self.data is None or (index := harm_hit(self.data.harm, x, y)) is None:
            return
        item = self.data.harm[index]
        self.show_selection(ChartSelection(f"{item.label} physical harm", harm=PhysicalHarm(str(item.key))))

    def _on_cross_clicked(self, x: float, y: float) -> None:
        from carelog.reports.charts import safety_cross_hit

        if self.data is None or (day := safety_cross_hit(self.data.safety_cross, x, y)) is None:
            return
        cross = self.data.safety_cross
        on = cross.day(day)
        category_id = self.cross_category.currentData() or self.data.spc.category_id
        self.show_selection(ChartSelection(f"{cross.category}, {on:%d %B %Y}", day=on, category_id=category_id))

    def show_selection(self, selection: ChartSelection) -> list[int]:
        """List the incidents behind a chart element under the charts."""
        self.selection = selection
        ids = self._services.trends.incident_ids(self.current_filter(), selection)
        self._show_ids(ids, selection.title)
        return ids

    def _show_ids(self, ids: list[int], title: str) -> None:
        self.incident_model.set_ids(ids)
        count = f"{len(ids):,} incident{'s' if len(ids) != 1 else ''}"
        self.selection_label.setText(f"<b>{_html(title)}</b>: {count}. Double-click one to open it.")
        self.incidents_listed.emit(len(ids))

    def _on_incident_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.incident_model.row_object(index.row())
        if row is None:
            return
        from carelog.ui.dialogs.incident_dialog import IncidentDialog

        dialog = IncidentDialog(self._services, row.id, self)
        dialog.setModal(False)
        dialog.show()

    # ------------------------------------------------------------------------------------------ signals
    def _apply_signal_scope(self) -> None:
        """Signals for the chosen service only (all when no service is chosen)."""
        name = self.service.currentText() if self.service.currentData() is not None else None
        rows = [s for s in self._all_signals if name is None or s.service == name]
        self.signal_model.set_rows(rows)
        self._on_signal_table_current_changed(self.signal_table.currentIndex())

    def current_signal(self) -> PatternSignal | None:
        return self.signal_model.row_object(self.signal_table.currentIndex().row())

    def _on_signal_table_current_changed(self, current: QModelIndex, _previous: Any = None) -> None:
        signal = self.signal_model.row_object(current.row()) if current.isValid() else None
        self.show_signal_button.setEnabled(signal is not None)
        self.review_button.setEnabled(signal is not None)
        if signal is None:
            count = self.signal_model.rowCount()
            self.signal_explanation.setText(
                "Choose a signal to read what was found." if count else "No patterns found: nothing stands out."
            )
            return
        refs = ", ".join(signal.incident_references[:12]) + (" …" if len(signal.incident_references) > 12 else "")
        self.signal_explanation.setText(f"{_html(signal.explanation)}<br><small>Incidents: {_html(refs)}</small>")

    def show_signal_incidents(self) -> None:
        signal = self.current_signal()
        if signal is not None:
            self._show_ids(list(signal.incident_ids), signal.headline)

    def start_thematic_review(self) -> None:
        signal = self.current_signal()
        if signal is not None:
            self.thematic_review_requested.emit(list(signal.incident_ids), signal.review_title())


def _build(
    trends: Any,
    generation: int,
    f: TrendFilter,
    spc_id: int | None,
    cross_month: date | None,
    cross_cat: int | None,
    spc_options: tuple[tuple[date, ...], int | None],
    want_signals: bool,
    keys: tuple[str, ...],
    today: date,
    handle: TaskHandle,
    measure: Measure = Measure.COUNT,
) -> _Drawn:
    """Worker: read the data and build the Figures of the charts in `keys` (no widgets touched here)."""
    from carelog.core.spc import changes as spc_changes
    from carelog.core.spc import describe_change, reading
    from carelog.core.trend_data import build_spc
    from carelog.reports import charts as draw

    data: TrendCharts = trends.charts(f, spc_id, cross_month, cross_cat, measure=measure, heat_map="heat" in keys)
    handle.report(40, "Drawing charts")
    change_dates, freeze = spc_options
    shift = trends.spc_shift_length()
    view = build_spc(data.spc, changes=change_dates, freeze=freeze, shift_length=shift, measure=measure)
    chart = view.chart
    per = " a month" if chart.kind == "xmr" and measure == Measure.COUNT else ""
    found = spc_changes(chart)
    reading_lines = [(c.variation.colour, describe_change(chart, c, view.what, per)) for c in found]
    if not found:
        reading_lines = [(COLOUR_COMMON, line) for line in reading(chart, view.what, per) if line != chart.warning]
    reading_lines += [(COLOUR_COMMON, note) for note in (*view.notes, chart.warning) if note]
    for k, (_pos, label) in enumerate(draw.action_positions(view), start=1):
        reading_lines.append((COLOUR_COMMON, f"A{k} on the chart: {label}"))
    cross = data.safety_cross
    last_day = today.day if (cross.year, cross.month) == (today.year, today.month) else None
    makers = {
        "monthly": lambda: draw.monthly_by_category_figure(data.monthly),
        "spc": lambda: draw.spc_figure(view, captions=False),
        "heat": lambda: draw.heat_map_figure(data.heat_map),
        "location": lambda: draw.location_figure(data.by_location),
        "harm": lambda: draw.harm_figure(data.harm),
        "cross": lambda: draw.safety_cross_figure(cross, last_day),
        "services": lambda: draw.small_multiples_figure(
            trends.by_service(f, data.spc.category_id, measure=measure),
            f"{data.spc.category or 'No category'} at each service"
            + (" per 1,000 occupied bed days" if measure == Measure.RATE else ""),
        ),
    }
    audit_note = ""
    if "audits" in keys:
        scores = trends.audit_scores(f)
        makers["audits"] = lambda: draw.audit_scores_figure(scores.as_mapping(), scores.actions)
        audit_note = scores.note
    figures = {key: makers[key]() for key in keys if key in makers}
    signals = summary = None
    if want_signals:
        handle.report(80, "Looking for patterns")
        signals = trends.patterns()
        summary = trends.summary()
    return _Drawn(generation, data, chart, view, reading_lines, figures, signals, summary, audit_note)


def _fill(combo: QComboBox, items: list[tuple[str, int]], any_text: str) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(any_text, None)
    for text, value in items:
        combo.addItem(text, value)
    combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
    combo.blockSignals(False)


def _badge(colour: str, letter: str, label: str) -> str:
    """A Making Data Count icon in rich text: coloured letter in a box, with its meaning in words."""
    return (
        f"<span style='background:{colour}; color:white; font-weight:bold'>&nbsp;{_html(letter)}&nbsp;</span> "
        f"{_html(label)}"
    )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""Action board benchmark: 2,000 actions, load, filter, move, repaint; each beside a baseline from the same run.

Run:  .venv/bin/python benchmarks/bench_board.py [--actions 2000]

Baselines: an empty QListView painted in the same window size (repaint floor), and a QListView over a
QStringListModel of the same 2,000 titles (plain list, default delegate). Load/filter/move are timed through
ActionService (SQL + DTOs) and the board's models; move includes the audit write and the board reload.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # run as a script: the sibling helpers
from bench_common import median_ms  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--actions", type=int, default=2000)
    args = parser.parse_args()

    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QApplication, QListView

    from carelog.core.action_dto import ActionFilter, ActionInput, ActionStatus
    from carelog.core.action_strength import ActionStrength
    from carelog.core.dto import SYSTEM_ACTOR
    from carelog.core.enums import ServiceType
    from carelog.db.repositories import organisation
    from carelog.services.registry import open_services
    from carelog.ui.events import AppEvents
    from carelog.ui.pages.actions_page import ActionsPage
    from carelog.ui.task_runner import InlineTaskRunner

    app = QApplication.instance() or QApplication([])
    db = Path(tempfile.mkdtemp(prefix="carelog-board-")) / "board.db"
    services = open_services(db)
    services.ctx.identity.actor = SYSTEM_ACTOR
    with services.ctx.unit() as session:
        sid = organisation.add_service(session, "Oak House", ServiceType.CARE_HOME, 40)
    rng = random.Random(3)
    today = date.today()
    leads = [f"Lead {i}" for i in range(12)]
    items = [
        (
            ActionInput(
                title=f"Action {i}: fit sensor mats and rewrite the falls care plan for room {i % 60}",
                lead_name=rng.choice(leads),
                due_date=today + timedelta(days=rng.randint(-60, 90)),
                strength=rng.choice(list(ActionStrength)),
                service_id=sid,
            ),
            rng.choice([ActionStatus.TO_DO, ActionStatus.IN_PROGRESS, ActionStatus.DONE]),
            None,
        )
        for i in range(args.actions)
    ]
    t = time.perf_counter()
    services.actions.create_many(items)
    print(f"setup: {args.actions} actions written in {time.perf_counter() - t:.1f} s")

    page = ActionsPage(services, AppEvents(), InlineTaskRunner())
    page.resize(1280, 760)
    page.show()
    app.processEvents()

    baseline_empty = QListView()
    baseline_empty.resize(1280, 760)
    baseline_empty.show()
    plain = QListView()
    plain.setModel(QStringListModel([a.title for a, _s, _c in items]))
    plain.resize(1280, 760)
    plain.show()
    app.processEvents()

    load = median_ms(lambda: services.actions.list_actions())
    board_load = median_ms(page.refresh)
    filt = median_ms(lambda: services.actions.list_actions(ActionFilter(lead_name="Lead 3", overdue_only=True)))
    page_filter = median_ms(lambda: (page.overdue.setChecked(True), page.overdue.setChecked(False)))

    def repaint(widget) -> None:  # type: ignore[no-untyped-def]
        widget.repaint()
        app.processEvents()

    paint_board = median_ms(lambda: repaint(page.board), repeat=10)
    paint_empty = median_ms(lambda: repaint(baseline_empty), repeat=10)
    paint_plain = median_ms(lambda: repaint(plain), repeat=10)

    todo = [a for a in services.actions.list_actions() if a.status == ActionStatus.TO_DO][:5]
    move_times = []
    for a in todo:
        t = time.perf_counter()
        page.move_card(a.id, ActionStatus.TO_DO, ActionStatus.IN_PROGRESS)
        app.processEvents()
        move_times.append((time.perf_counter() - t) * 1000)
    bare_list = median_ms(lambda: QStringListModel([a.title for a, _s, _c in items]))

    print(f"{'measure':38} {'CareLog':>10} {'baseline':>10}  baseline is")
    print(f"{'list 2,000 actions (service)':38} {load:8.1f}ms {bare_list:8.1f}ms  QStringListModel of the titles")
    print(f"{'board reload (service + 4 models)':38} {board_load:8.1f}ms {bare_list:8.1f}ms  same")
    print(f"{'filter lead+overdue (service)':38} {filt:8.1f}ms {load:8.1f}ms  unfiltered list")
    print(
        f"{'filter toggled on the page (2 reloads)':38} {page_filter:8.1f}ms {2 * board_load:8.1f}ms  two board reloads"
    )
    print(f"{'repaint board (cards painted)':38} {paint_board:8.1f}ms {paint_empty:8.1f}ms  empty QListView")
    print(f"{'':38} {'':>10} {paint_plain:8.1f}ms  QListView of 2,000 plain titles")
    print(f"{'move a card (save+audit+reload)':38} {statistics.median(move_times):8.1f}ms {board_load:8.1f}ms  reload")


if __name__ == "__main__":
    main()

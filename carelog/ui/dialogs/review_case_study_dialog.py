"""Read-only case study of a signed-off review, in four parts (the text the inspection pack prints)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from carelog.core.review_dto import ReviewDetail

PARTS = (
    ("context", "1. Context", "What happened, and why it mattered."),
    ("learning_process", "2. How we learned", "Who took part and how the review was done."),
    ("improvement_actions", "3. What we changed", "Improvement actions agreed."),
    ("outcome", "4. Outcome", "What difference it made."),
)


def case_study_html(review: ReviewDetail) -> str:
    refs = ", ".join(i.reference for i in review.incidents)
    signed = (
        f"Signed off by {html.escape(review.signed_off_by)} on {review.signed_off_at:%d/%m/%Y}"
        if review.signed_off_at
        else "Not signed off yet"
    )
    out = [
        f"<h2>{html.escape(review.title)}</h2>",
        f"<p style='color:#555'>{html.escape(review.response_type.label)} &middot; {html.escape(refs)}<br>{signed}</p>",
    ]
    for name, heading, hint in PARTS:
        text = getattr(review.case_study, name)
        body = (
            html.escape(text).replace("\n", "<br>")
            if text
            else f"<i style='color:#888'>Not written yet. {html.escape(hint)}</i>"
        )
        out.append(f"<h3>{heading}</h3><p>{body}</p>")
    return "\n".join(out)


class ReviewCaseStudyDialog(QDialog):
    def __init__(self, review: ReviewDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Case study: {review.title}")
        self.view = QTextBrowser()
        self.view.setHtml(case_study_html(review))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self.resize(720, 620)

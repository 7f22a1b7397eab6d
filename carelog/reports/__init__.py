"""Charts (matplotlib Figure objects, never pyplot) and the PDF inspection pack (ReportLab). No Qt."""

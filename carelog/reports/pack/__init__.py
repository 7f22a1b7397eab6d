"""The inspection pack and the monthly governance report (ReportLab). Each section is a function taking DTOs.

Importing this package is cheap; ReportLab and matplotlib are imported by the section modules only.
"""

"""CareLog: turns incident logs in adult social care into a learning loop inspectors can see."""

__version__ = "0.1.0"
APP_NAME = "CareLog"
APP_ORG = "CareLog"

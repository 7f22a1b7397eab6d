"""The parts of a signed-in session: the Session menu, the idle lock, the backup scheduler and the protocol of
pages holding unsaved work. ui/session_guard.py puts them together with the lock screen."""

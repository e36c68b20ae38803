"""Screenshot of the real main window after a real scan (README image).

    python scripts/screenshot.py en docs/screenshot.png --folder=LIBRARY --size=1400x900 \
        --no-problems --row=N --mark-two

Without --folder it scans the generated demo library. Runs offscreen; no display needed.
"""

import os
import sys
import tempfile
from pathlib import Path


def main():
    tmp = Path(tempfile.mkdtemp(prefix="dv-shot-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["DUPVIEWER_CACHE_DIR"] = str(tmp / "cache")
    os.environ["DUPVIEWER_DATA_DIR"] = str(tmp / "data")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    lang = sys.argv[1] if len(sys.argv) > 1 else "en"
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/shot/shot.png")
    dark = "--dark" in sys.argv
    size = (1280, 800)
    for a in sys.argv:
        if a.startswith("--size="):
            size = tuple(int(v) for v in a[7:].split("x"))
    from dupviewer.ui import app as app_module
    from dupviewer.ui.none_guard import keep_none_alive

    keep_none_alive()
    QApplication.setApplicationName("dupviewer")
    QApplication.setOrganizationName("dupviewer")
    app = QApplication(["dupviewer"])
    app.setWindowIcon(app_module.app_icon())
    if dark:
        app.setStyle("Fusion")
        pal = QPalette()
        R = QPalette.ColorRole
        for role, c in [
            (R.Window, "#2b2b2b"),
            (R.WindowText, "#e6e6e6"),
            (R.Base, "#1e1e1e"),
            (R.AlternateBase, "#262626"),
            (R.Text, "#e6e6e6"),
            (R.Button, "#353535"),
            (R.ButtonText, "#e6e6e6"),
            (R.Highlight, "#2f65ca"),
            (R.HighlightedText, "#ffffff"),
            (R.ToolTipBase, "#353535"),
            (R.ToolTipText, "#e6e6e6"),
            (R.PlaceholderText, "#8a8a8a"),
            (R.Mid, "#4a4a4a"),
            (R.Dark, "#202020"),
            (R.Light, "#505050"),
            (R.Midlight, "#404040"),
            (R.Shadow, "#101010"),
            (R.BrightText, "#ff5555"),
            (R.Link, "#6fa8ff"),
        ]:
            pal.setColor(role, QColor(c))
        for role in (R.WindowText, R.Text, R.ButtonText):
            pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
        app.setPalette(pal)
    from dupviewer.ui.i18n import install_translators

    install_translators(app, lang)
    from dupviewer.engine.demo import build_demo_library
    from dupviewer.ui.main_window import MainWindow
    from dupviewer.ui.settings import Settings

    folder = [a[9:] for a in sys.argv if a.startswith("--folder=")]
    demo = Path(folder[0]) if folder else Path(tempfile.mkdtemp(prefix="dupviewer-demo-"))
    if not folder:
        build_demo_library(demo)
    w = MainWindow(Settings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)))
    w.remember_folders = False
    w.resize(*size)
    w.show()
    loop = QEventLoop()
    w.scan_controller.scan_finished.connect(lambda _r: QTimer.singleShot(200, loop.quit))
    w.open_folders([demo])
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    res = w.result()
    print("groups", len(res.groups), "errors", len(res.errors))
    best = None
    for row, g in enumerate(w.review.result().groups):
        matches = [m.match for m in g.members]
        print(row, g.kind, [(m.path.name, m.match, m.distance) for m in g.members])
        if any("rotat" in (m or "") for m in matches) and best is None:
            best = row
    if "--row" in " ".join(sys.argv):
        best = int([a for a in sys.argv if a.startswith("--row=")][0][6:])
    w.review.group_view.setCurrentIndex(w.review.group_model().index(best or 0, 0))
    # Mark the copies like a user would, so the badges and the marked total show.
    if "--mark-two" in sys.argv:
        g = w.review.result().groups[best or 0]
        w.review.set_marked([m.path for m in g.members[1:3]])
    else:
        w.review.auto_select(w.settings.keep_rules)
    w.problems_dock.hide() if "--no-problems" in sys.argv else None

    def settle(ms):
        loop_ = QEventLoop()
        QTimer.singleShot(ms, loop_.quit)
        loop_.exec()

    for _ in range(30):
        settle(100)
        w.review.thumbnail_cache().wait_idle(200) if hasattr(
            w.review.thumbnail_cache(), "wait_idle"
        ) else None
    w.review.photo_view.viewport().update()
    w.review.group_view.viewport().update()
    settle(300)
    img = w.grab()
    img.save(str(out), "PNG")
    print(out, out.stat().st_size, img.size())
    w.close()


if __name__ == "__main__":
    main()

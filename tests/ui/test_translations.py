"""Translations: the .ts files are complete against the current sources, placeholders and
accelerators survive translation, the app really shows Chinese menus and buttons, and the
compiled files are found from a checkout and from a frozen bundle."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from dupviewer.engine import decoding, discovery, pool, scanner
from dupviewer.engine.model import ScanOptions, Stage
from dupviewer.ui import i18n, words
from dupviewer.ui.main_window import MainWindow
from dupviewer.ui.review import ReviewWidget
from dupviewer.ui.settings import Settings
from dupviewer.ui.words import detail_text, match_word, sentences, size_text, stage_word
from tests.ui.shell_helpers import exact_pair, group_of, result_of

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "zh_TW")
SHIPPED = ("en", *LANGUAGES)  # English's .ts holds only the plural forms
_PLACEHOLDER = re.compile(r"%(?:\d+|L?n)|\{[^{}]*\}")
_COUNT = re.compile(r"%L?n")
_ACCELERATOR = re.compile(r"&(?!&)\S")


def _update_translations_module():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "scripts" / "update_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, message element) for every message of a .ts file."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            out.append((name, message.findtext("source") or "", message))
    return out


def translations_of(message: ET.Element) -> list[str]:
    """The translated text(s) of a message: one, or one per plural form."""
    translation = message.find("translation")
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


def unfinished(ts: Path) -> list[tuple[str, str]]:
    return [
        (ctx, src)
        for ctx, src, m in messages(ts)
        if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
        or not all(translations_of(m))
    ]


@pytest.fixture(scope="module")
def lupdated(tmp_path_factory) -> Path:
    """Copies of the .ts files updated by lupdate from the current sources."""
    folder = tmp_path_factory.mktemp("ts")
    for lang in SHIPPED:
        shutil.copy(TS_DIR / f"dupviewer_{lang}.ts", folder)
    _update_translations_module().update(folder, ROOT, quiet=True)
    return folder


@pytest.fixture
def language(qapp, compiled, monkeypatch):
    """Install a language from the compiled files; English and the old locale come back after."""
    monkeypatch.setenv("DUPVIEWER_RESOURCES_DIR", str(compiled))
    previous = QLocale()
    yield lambda code: i18n.install_translators(qapp, code)
    i18n.install_translators(qapp, "en")
    QLocale.setDefault(previous)


@pytest.mark.parametrize("lang", SHIPPED)
def test_ts_is_complete_against_the_sources(lang, lupdated):
    shipped = TS_DIR / f"dupviewer_{lang}.ts"
    current = lupdated / shipped.name
    shipped_keys = {(c, s) for c, s, _ in messages(shipped)}
    current_keys = {(c, s) for c, s, _ in messages(current)}
    assert current_keys, "lupdate found no strings"
    missing = sorted(current_keys - shipped_keys)
    vanished = sorted(shipped_keys - current_keys)
    assert not missing, f"run scripts/update_translations.py and translate: {missing}"
    assert not vanished, f"strings gone from the sources: {vanished}"
    assert unfinished(shipped) == []
    assert unfinished(current) == []
    assert ET.parse(shipped).getroot().get("language") == lang


@pytest.mark.parametrize("lang", SHIPPED)
def test_placeholders_and_accelerators_survive(lang):
    problems = []
    for ctx, source, message in messages(TS_DIR / f"dupviewer_{lang}.ts"):
        expected = sorted(_PLACEHOLDER.findall(source))
        for text in translations_of(message):
            if sorted(_PLACEHOLDER.findall(text)) != expected:
                problems.append((ctx, source, text, "placeholders"))
            if bool(_ACCELERATOR.search(source)) != bool(_ACCELERATOR.search(text)):
                problems.append((ctx, source, text, "accelerator"))
            if source.count("\n") != text.count("\n"):
                problems.append((ctx, source, text, "line breaks"))
            if _COUNT.search(source) and message.get("numerus") != "yes":
                problems.append((ctx, source, text, "%n without numerus"))
    assert problems == []


def test_traditional_is_not_simplified_with_other_glyphs():
    """zh_TW uses Taiwan's words (資料夾, 檔案, 相片), not converted zh_CN (文件夾, 文件)."""
    texts = [t for _c, _s, m in messages(TS_DIR / "dupviewer_zh_TW.ts") for t in translations_of(m)]
    joined = "\n".join(texts)
    for taiwan in ("資料夾", "檔案", "相片", "資源回收筒", "掃描", "匯出"):
        assert taiwan in joined
    for mainland in ("文件夾", "回收站", "導出", "照片", "文件", "設置", "視圖"):
        assert mainland not in joined, mainland


def _window(tmp_path, qtbot) -> MainWindow:
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings)
    qtbot.addWidget(window)
    return window


@pytest.mark.parametrize(
    ("lang", "menus", "scan", "compare", "hash_stage"),
    [
        ("zh_CN", ["文件(&F)", "选择(&S)", "视图(&V)", "帮助(&H)"], "扫描", "比较", "正在分析照片"),
        ("zh_TW", ["檔案(&F)", "選取(&S)", "檢視(&V)", "說明(&H)"], "掃描", "比較", "正在分析相片"),
    ],
)
def test_main_window_speaks_chinese(
    lang, menus, scan, compare, hash_stage, language, tmp_path, qtbot
):
    assert language(lang) == lang
    window = _window(tmp_path, qtbot)
    assert [a.text() for a in window.menuBar().actions()] == menus
    assert window.scan_panel.scan_button.text() == scan
    assert window.review.compare_button.text() == compare
    toolbar = [a.text() for a in window.actions.toolbar.actions() if not a.isSeparator()]
    assert all(re.search(r"[\u4e00-\u9fff]", t) for t in toolbar), toolbar
    # Buttons say the words only: no "(&A)" mnemonic left over as "(A)", no "…".
    buttons = [
        window.actions.toolbar.widgetForAction(a).text()
        for a in window.actions.toolbar.actions()
        if not a.isSeparator()
    ]
    assert buttons and all(re.search(r"[\u4e00-\u9fff]", t) for t in buttons), buttons
    assert not [t for t in buttons if re.search(r"[()（）&…]", t)], buttons
    # Engine data reaches the user as translated words.
    assert stage_word(Stage.HASH) == hash_stage
    assert match_word("rotated 90") in ("旋转 90°", "旋轉 90°")
    names = [a.text() for a in window.actions.language_menu.actions()]
    for _code, native in i18n.available_languages():
        assert native in names


def test_review_screen_texts_are_translated(language, tmp_path, qtbot):
    language("zh_TW")
    window = _window(tmp_path, qtbot)
    keep, copy = exact_pair(tmp_path / "lib")
    window.show_result(result_of([group_of([keep, copy])], roots=[tmp_path / "lib"]))
    review = window.review
    assert review.keep_button.text() == "保留"
    assert review.auto_select_button.text() == "自動選取"
    shown = " ".join(label.text() for label in review.findChildren(QLabel))
    assert "群組" in shown or "相片" in shown, shown
    assert not re.search(r"\b(photos|Groups|Marked)\b", shown), shown


def test_qt_own_dialog_buttons_follow_the_language(language):
    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    if not (qt_folder / "qtbase_zh_CN.qm").is_file():
        pytest.skip("Qt's own translations are not installed with this PySide6")
    language("zh_CN")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_english_needs_no_file_and_switching_back_removes_ours(language):
    language("zh_CN")
    assert stage_word(Stage.DONE) == "完成"
    assert language("en") == "en"
    assert stage_word(Stage.DONE) == "Done"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_english_plural_forms_come_from_the_english_file(
    language, english_plurals, tmp_path, monkeypatch
):
    """ "1 photo", "2 photos": i18n installs dupviewer_en.qm for English; without the file the
    app still runs and says "photo(s)"."""
    widget = ReviewWidget()
    QCoreApplication.removeTranslator(english_plurals)  # only what i18n installs counts here
    try:
        language("zh_TW")
        assert widget.photo_count(1) == "1 張相片"
        assert language("en") == "en"
        assert widget.photo_count(1) == "1 photo"
        assert widget.photo_count(1234) == "1,234 photos"
        assert widget.photo_count(0) == "0 photos"
        monkeypatch.setenv("DUPVIEWER_RESOURCES_DIR", str(tmp_path))  # no .qm there
        assert i18n.install_translators(QApplication.instance(), "en") == "en"
        assert widget.photo_count(1) == "1 photo(s)"
    finally:
        QCoreApplication.installTranslator(english_plurals)
        widget.deleteLater()


def test_a_checkout_with_only_the_sources_compiles_them_once(
    language, english_plurals, tmp_path, monkeypatch
):
    """`pip install -e . && dupviewer` from git (no .qm files, they are build products): the app
    compiles the .ts sources into the cache folder on first use, and speaks Chinese."""
    resources = tmp_path / "resources" / "translations"
    resources.mkdir(parents=True)
    for code in SHIPPED:
        shutil.copy(TS_DIR / f"dupviewer_{code}.ts", resources)
    monkeypatch.setenv("DUPVIEWER_RESOURCES_DIR", str(tmp_path / "resources"))
    monkeypatch.setenv("DUPVIEWER_CACHE_DIR", str(tmp_path / "cache"))
    widget = ReviewWidget()
    QCoreApplication.removeTranslator(english_plurals)  # only what i18n installs counts here
    try:
        assert language("zh_CN") == "zh_CN"
        assert stage_word(Stage.DONE) == "完成"
        built = tmp_path / "cache" / "translations" / "dupviewer_zh_CN.qm"
        assert i18n.loadable_qm("zh_CN") == built and built.stat().st_size > 100
        assert language("en") == "en"
        assert widget.photo_count(2) == "2 photos"
        stamp = built.stat().st_mtime_ns
        assert i18n.loadable_qm("zh_CN") == built and built.stat().st_mtime_ns == stamp  # once
    finally:
        QCoreApplication.installTranslator(english_plurals)
        widget.deleteLater()


def test_a_compiled_file_older_than_its_source_is_not_used(
    language, english_plurals, tmp_path, monkeypatch
):
    """A build leaves .qm files next to the .ts sources; a source edited after it must still
    show (a QA pass saw the compare window's new texts in English under Chinese)."""
    resources = tmp_path / "resources" / "translations"
    resources.mkdir(parents=True)
    for code in SHIPPED:
        shutil.copy(TS_DIR / f"dupviewer_{code}.ts", resources)
    stale = resources / "dupviewer_zh_CN.qm"
    stale.write_bytes(b"an old build")
    os.utime(stale, (1_000_000_000, 1_000_000_000))  # older than the source
    monkeypatch.setenv("DUPVIEWER_RESOURCES_DIR", str(tmp_path / "resources"))
    monkeypatch.setenv("DUPVIEWER_CACHE_DIR", str(tmp_path / "cache"))
    QCoreApplication.removeTranslator(english_plurals)
    try:
        built = tmp_path / "cache" / "translations" / "dupviewer_zh_CN.qm"
        assert i18n.loadable_qm("zh_CN") == built
        assert language("zh_CN") == "zh_CN" and stage_word(Stage.DONE) == "完成"
        os.utime(stale, None)  # a build newer than the source is the one to use
        assert i18n.loadable_qm("zh_CN") == stale
    finally:
        language("en")
        QCoreApplication.installTranslator(english_plurals)


def test_every_plural_message_has_singular_and_plural_in_english():
    forms = {
        (ctx, src): translations_of(m)
        for ctx, src, m in messages(TS_DIR / "dupviewer_en.ts")
        if m.get("numerus") == "yes"
    }
    assert ("ReviewWidget", "%Ln photo(s)") in forms
    for (_ctx, source), (one, many) in forms.items():
        assert (one, many) == (source.replace("(s)", ""), source.replace("(s)", "s")), source


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [
        ("zh_CN", "en_US", "zh_CN"),
        ("zh_TW", "zh_CN", "zh_TW"),
        ("zh_HK", "en_US", "zh_TW"),  # Hong Kong reads Traditional
        ("en", "zh_CN", "en"),
        ("fr_FR", "zh_CN", "en"),  # not shipped: the source language
        ("", "zh_CN", "zh_CN"),
        ("", "zh_SG", "zh_CN"),
        ("", "zh_TW", "zh_TW"),
        ("", "zh_Hant_HK", "zh_TW"),
        ("", "de_DE", "en"),
        (None, "en_GB", "en"),
    ],
)
def test_language_follows_the_setting_then_the_system(setting, system, expected):
    assert i18n.resolve_language(setting, QLocale(system)) == expected


def test_available_languages_for_the_settings_menu():
    assert i18n.available_languages() == [
        ("en", "English"),
        ("zh_CN", "简体中文"),
        ("zh_TW", "繁體中文"),
    ]
    for code, _name in i18n.available_languages()[1:]:
        assert (TS_DIR / f"dupviewer_{code}.ts").is_file()


def test_qm_files_are_found_from_a_source_checkout(monkeypatch):
    """In a checkout, translations are looked up next to the .ts sources, where the build
    script writes the .qm files."""
    monkeypatch.delenv("DUPVIEWER_RESOURCES_DIR", raising=False)
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert i18n.translations_folder() == TS_DIR
    assert i18n.qm_path("zh_TW") == TS_DIR / "dupviewer_zh_TW.qm"


def test_qm_files_are_found_in_a_frozen_bundle(qapp, compiled, monkeypatch, tmp_path):
    bundle = tmp_path / "bundle"
    shutil.copytree(compiled, bundle / "resources")
    monkeypatch.delenv("DUPVIEWER_RESOURCES_DIR", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    previous = QLocale()
    try:
        assert i18n.qm_path("zh_CN") == bundle / "resources" / "translations" / "dupviewer_zh_CN.qm"
        assert i18n.install_translators(qapp, "zh_CN") == "zh_CN"
        assert stage_word(Stage.DISCOVER) == "正在查找照片"
    finally:
        i18n.install_translators(qapp, "en")
        QLocale.setDefault(previous)


def test_explicit_language_sets_number_format(language):
    language("zh_TW")
    assert QLocale().name() == "zh_TW"
    assert isinstance(QApplication.instance(), QApplication)


def _clipped(root) -> list[str]:
    """Visible buttons and one-line labels narrower than their text needs."""
    clipped = []
    for widget in root.findChildren(QAbstractButton):
        if widget.isVisible() and widget.text() and widget.width() < widget.sizeHint().width():
            clipped.append(f"button {widget.text()!r}: {widget.width()} < {widget.sizeHint()}")
    for label in root.findChildren(QLabel):
        if not label.isVisible() or label.wordWrap() or not label.text():
            continue
        if label.width() < label.minimumSizeHint().width():
            clipped.append(f"label {label.text()!r}: {label.width()} < {label.minimumSizeHint()}")
    return clipped


@pytest.mark.parametrize("lang", ["en", *LANGUAGES])
def test_screens_hold_up_in_each_language(lang, language, tmp_path, qtbot):
    """Main window and review screen at the default size: nothing clipped, and the grab shows
    real content. Needs a CJK font for the glyphs (Debian/Ubuntu: fonts-noto-cjk)."""
    language(lang)
    window = _window(tmp_path, qtbot)
    window.resize(1200, 780)
    window.show()
    qtbot.waitExposed(window)
    assert _clipped(window) == []
    keep, copy = exact_pair(tmp_path / "lib")
    window.show_result(result_of([group_of([keep, copy])], roots=[tmp_path / "lib"]))
    window.review.auto_select(window.settings.keep_rules)  # a long status message
    qtbot.wait(50)
    assert _clipped(window) == []
    assert window.width() <= 1280, "the window no longer fits a 1280-pixel screen"
    # A small laptop screen with the scan panel open: nothing clipped, the button row wraps.
    assert window.scan_dock.isVisible()
    assert window.minimumSizeHint().width() <= 1000, window.minimumSizeHint()
    window.resize(1000, 700)
    qtbot.wait(50)
    assert window.width() == 1000
    assert _clipped(window) == []
    window.resize(1200, 780)
    qtbot.wait(50)
    image = window.grab().toImage()
    assert image.width() >= 1200
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, 200, 7)}
    assert len(colours) > 20
    if lang != "en":
        families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
        if not families:
            pytest.skip("no CJK font installed: Chinese would show as boxes")


def _bad_files(folder: Path) -> None:
    """A few files a real scan reports: empty, cut short, not an image, a damaged header."""
    folder.mkdir(parents=True)
    whole = folder / "whole.jpg"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(whole, quality=90)
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "short.jpg").write_bytes(whole.read_bytes()[:300])
    (folder / "notes.jpg").write_text("shopping list, not a photo")
    (folder / "garbled.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    os.symlink("gone.jpg", folder / "dangling.jpg")


def test_scan_problem_details_are_translated_and_english_says_what_the_cli_says(
    language, tmp_path, qtbot
):
    _bad_files(tmp_path / "lib")
    result = scanner.scan(
        ScanOptions(roots=(tmp_path / "lib",), use_cache=False, follow_symlinks=True)
    )
    reasons = {e.path.name: e.reason for e in result.errors}
    assert {"empty.jpg", "short.jpg", "notes.jpg", "garbled.png"} <= set(reasons), reasons
    window = _window(tmp_path, qtbot)
    window.errors_panel.set_errors(result.errors)
    english = {Path(p).name: detail for p, _, detail in window.errors_panel.model.rows()}
    assert english == reasons  # in English the panel shows the engine's own words
    language("zh_CN")
    window.errors_panel.set_errors(result.errors)
    chinese = {Path(p).name: detail for p, _, detail in window.errors_panel.model.rows()}
    for name, detail in chinese.items():
        # only a decoder's own message in brackets may stay English
        outside = re.sub(r"（[^）]*）", "", detail)
        assert not re.search(r"[A-Za-z]{3,}", outside.replace("JPG", "")), (name, detail)
    assert chinese["empty.jpg"] == "空文件"
    assert chinese["notes.jpg"] == "不是图片（内容不是 JPG，也不是任何支持的格式）"


def test_problem_details_keep_values_and_unknown_messages(language):
    language("zh_TW")
    assert detail_text("image is too large (40000 x 30000 pixels, 1200 MP)") == (
        "圖片太大（40000 × 30000 像素，1200 百萬像素）"
    )
    assert detail_text("file is too large to read (3.2 GB; the limit is 2.0 GB)") == (
        "檔案太大，無法讀取（3.2 GB；上限為 2.0 GB）"
    )
    assert detail_text("image is damaged (bad huffman code)") == "圖片已損壞（bad huffman code）"
    assert detail_text("could not be read (Input/output error)") == "無法讀取（Input/output error）"
    assert detail_text("OSError: something new") == "OSError: something new"
    assert detail_text("") == ""


def test_every_fixed_engine_reason_has_a_translation():
    """A reason phrase added to the engine without its entry here would stay English."""
    literal = re.compile(r'ErrorKind\.\w+,\s*"([^"{}]+)"')
    found = set()
    for source in (ROOT / "dupviewer" / "engine").glob("*.py"):
        found |= set(literal.findall(source.read_text(encoding="utf-8")))
    found |= {decoding._plain_reason(EOFError()), decoding._not_an_image_reason("x")}
    found |= {discovery.RECOVERY_SKIPPED, discovery.RECOVERY_ROOT_REFUSED}
    found.add(discovery.TRASH_ROOT_REFUSED)
    found |= {
        f"not a regular file ({what}): not scanned"
        for what in (*(name for _, name in discovery._SPECIAL_FILES), "special file")
    }
    found.add(pool.CRASH_REASON)
    assert len(found) > 15
    assert found <= words._ENGINE_PHRASES, sorted(found - words._ENGINE_PHRASES)


def test_sentences_are_joined_as_each_language_writes_them(language):
    """QA: "扫描完成。 1 个文件…" had an ASCII space after the Chinese full stop; and zh_TW
    sizes said "0 byte" (Qt's own word)."""
    assert sentences("Scan complete.", "", "2 file(s) could not be used.") == (
        "Scan complete. 2 file(s) could not be used."
    )
    assert sentences("扫描完成。", "1 个文件无法使用。") == "扫描完成。1 个文件无法使用。"
    language("zh_TW")
    assert size_text(0) == "0 位元組" and "byte" not in size_text(999)
    language("zh_CN")
    assert size_text(12) == "12 字节"

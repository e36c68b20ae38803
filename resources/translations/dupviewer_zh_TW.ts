<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../dupviewer/ui/about.py" line="+19"/>
        <source>About dupviewer</source>
        <translation>關於 dupviewer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Finds duplicate and near-duplicate photos, lets you compare them side by side, and sends the extra copies to the trash safely: the last copy of a photo is never removed.</source>
        <translation>尋找重複與相似的相片，讓你並排比較，並將多餘的副本安全地移到資源回收筒：相片的最後一份副本絕不會被刪除。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Free software under the GNU General Public License, version 3 or later.</source>
        <translation>自由軟體，依 GNU 通用公眾授權條款第 3 版或更新版本發布。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Python %1 · Qt %2 · PySide %3</source>
        <translation>Python %1 · Qt %2 · PySide %3</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <location filename="../../dupviewer/ui/review/compare_view.py" line="+707"/>
        <source>Compare photos</source>
        <translation>比較相片</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Click a photo to pick it · K keep · Space mark / unmark · Del/T trash · + − zoom · 0 fit · 1 100% · Tab flip · A turn to match · Esc close</source>
        <translation>按一下相片以選取 · K 保留 · 空白鍵 標記/取消標記 · Del/T 標記移除 · + − 縮放 · 0 符合視窗 · 1 100% · Tab 切換 · A 轉正對齊 · Esc 關閉</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location line="-446"/>
        <source>Fit</source>
        <translation>符合視窗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>100%</source>
        <translation>100%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flip between photos (Tab)</source>
        <translation>在相片之間來回切換 (Tab)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Turn to match (A)</source>
        <translation>轉正對齊 (A)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show turned and mirrored copies the way the kept copy is shown</source>
        <translation>將旋轉或鏡像的副本依保留的相片的方向顯示</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Whole photos in view (0)</source>
        <translation>顯示完整相片 (0)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One photo pixel per screen pixel (1)</source>
        <translation>一個相片像素對應一個螢幕像素 (1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom in: + or the mouse wheel; zoom out: −</source>
        <translation>放大：+ 或滑鼠滾輪；縮小：−</translation>
    </message>
    <message>
        <location line="+209"/>
        <source>Loading…</source>
        <translation>載入中…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot open this photo</source>
        <translation>無法開啟此相片</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Zoom %1%</source>
        <translation>縮放 %1%</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>To trash</source>
        <translation>移到資源回收筒</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>turned to match</source>
        <translation>已轉正對齊</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>File name</source>
        <translation>檔案名稱</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Resolution</source>
        <translation>解析度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>File size</source>
        <translation>檔案大小</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Date taken</source>
        <translation>拍攝日期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No date</source>
        <translation>無日期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Camera</source>
        <translation>相機</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Match</source>
        <translation>比對類型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder</source>
        <translation>資料夾</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Reference</source>
        <translation>基準相片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exact copy</source>
        <translation>完全相同</translation>
    </message>
</context>
<context>
    <name>ErrorsModel</name>
    <message>
        <location filename="../../dupviewer/ui/errors_panel.py" line="+68"/>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problem</source>
        <translation>問題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>詳細資訊</translation>
    </message>
</context>
<context>
    <name>FindDialog</name>
    <message>
        <location filename="../../dupviewer/ui/find_view.py" line="+255"/>
        <source>Find copies of photos</source>
        <translation>尋找相片的副本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Photos (%1)</source>
        <translation>相片 (%1)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Find copies</source>
        <translation>尋找副本</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Looking for %1 in %2</source>
        <translation>正在 %2 中尋找 %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Add a folder to scan first: copies are looked for in those folders.</source>
        <translation>請先新增要掃描的資料夾：會在這些資料夾中尋找副本。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No photos to look for.</source>
        <translation>沒有要尋找的相片。</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Problems (%1)</source>
        <translation>問題（%1）</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Copies found for %1 of %Ln photo(s).</source>
        <translation>
            <numerusform>%Ln 張相片中有 %1 張找到了副本。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+33"/>
        <source>%Ln file(s) of the library could not be read.</source>
        <translation>
            <numerusform>相片庫中有 %Ln 個檔案無法讀取。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+30"/>
        <source>Moved to trash: %Ln photo(s) (%1).</source>
        <translation>
            <numerusform>已移到資源回收筒：%Ln 張相片（%1）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="-40"/>
        <source>No other copy of: %1.</source>
        <translation>沒有其他副本：%1。</translation>
    </message>
    <message>
        <location line="-197"/>
        <source>Nothing looked up yet</source>
        <translation>尚未查找</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Send Marked to &amp;Trash</source>
        <translation>將標記的相片移到資源回收筒(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the marked photos to the trash (Ctrl+Del)</source>
        <translation>將標記的相片移到資源回收筒 (Ctrl+Del)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Stop the look-up and show what was found so far</source>
        <translation>停止查找並顯示目前找到的結果</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Looking up…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>No copies found</source>
        <translation>未找到副本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Look-up cancelled</source>
        <translation>查找已取消</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Copies of %1 are shown with %2.</source>
        <translation>%1 的副本顯示在 %2 一組中。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Copies of %1 are only among the photos looked up: %2.</source>
        <translation>%1 的副本只在所查找的相片之中：%2。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not read %1: %2.</source>
        <translation>無法讀取 %1：%2。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cancelled before any photo was looked up: nothing was searched.</source>
        <translation>在查找任何相片之前已取消：未搜尋任何內容。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled: only the photos indexed so far were searched.</source>
        <translation>已取消：只搜尋了目前已建立索引的相片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not looked up: %1.</source>
        <translation>未查找：%1。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Look-up failed</source>
        <translation>查找失敗</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The look-up stopped because of an internal error: %1</source>
        <translation>尋找因內部錯誤而停止：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No copies left</source>
        <translation>沒有剩餘的副本</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not moved: %1.</source>
        <translation>未移動：%1。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Waiting for another removal to finish (another window or dupviewer-cli)…</source>
        <translation>正在等待另一次移除完成（另一個視窗或 dupviewer-cli）…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing more was moved: %1</source>
        <translation>未再移動任何檔案：%1</translation>
    </message>
</context>
<context>
    <name>GroupDelegate</name>
    <message>
        <location filename="../../dupviewer/ui/review/delegates.py" line="+138"/>
        <source>Exact</source>
        <translation>完全相同</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Similar</source>
        <translation>相似</translation>
    </message>
</context>
<context>
    <name>GroupModel</name>
    <message numerus="yes">
        <location filename="../../dupviewer/ui/review/group_model.py" line="+59"/>
        <source>%1 — %Ln photo(s), %2</source>
        <translation>
            <numerusform>%1 — %Ln 張相片，%2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+31"/>
        <source>%Ln photo(s) · %1</source>
        <translation>
            <numerusform>%Ln 張相片 · %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 marked · frees %2</source>
        <translation>已標記 %1 · 可釋放 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Can free %1</source>
        <translation>可釋放 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing proposed: look first</source>
        <translation>未建議刪除：請先檢視</translation>
    </message>
</context>
<context>
    <name>KeepRulesDialog</name>
    <message>
        <location filename="../../dupviewer/ui/keep_rules_dialog.py" line="+29"/>
        <source>Keep Rules</source>
        <translation>保留規則</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Auto-select keeps the copy that wins the first rule where the copies differ. Move the rules you care about most to the top.</source>
        <translation>自動選取會依序比較各條規則，保留在第一條能區分各副本的規則中勝出的副本。請把你最重視的規則移到最上方。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Move Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset</source>
        <translation>重設</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../dupviewer/ui/main_window.py" line="+215"/>
        <source>Scan</source>
        <translation>掃描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Find duplicate photos</source>
        <translation>尋找重複相片</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Add the folders that hold your photos (or drop them on this window), then press Scan.</source>
        <translation>新增存放相片的資料夾（或將資料夾拖放到此視窗），然後按「掃描」。</translation>
    </message>
    <message numerus="yes">
        <location line="-7"/>
        <source>Press Scan to look for duplicates in the %Ln folder(s) on the left, or add more (drop them on this window).</source>
        <translation>
            <numerusform>按「掃描」在左側的 %Ln 個資料夾中尋找重複相片，或加入更多資料夾（拖放到此視窗即可）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The groups shown are from the last scan: Scan (F5) to use these options.</source>
        <translation>顯示的分組來自上次掃描：按「掃描」(F5) 以使用這些選項。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Protected folders changed: the groups now keep their photos.</source>
        <translation>受保護的資料夾已變更：分組現在會保留其中的相片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folders no longer protected: their photos can be marked again.</source>
        <translation>資料夾不再受保護：其中的相片可以再次標記。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The scan was cancelled before any duplicates were found.</source>
        <translation>掃描在找到任何重複相片之前已取消。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fewer than two photos were found in these folders.</source>
        <translation>這些資料夾中的相片少於兩張。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 photos were compared. Copies edited more heavily than the Distance allows are not shown: a higher Distance finds them, without scanning again.</source>
        <translation>已比較 %1 張相片。修改程度超過「距離門檻值」的副本不會顯示：調高「距離門檻值」即可找到它們，無需重新掃描。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No duplicate photos found</source>
        <translation>未找到重複相片</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Groups: %1 · Can be freed: %2 · Marked: %3 (%4)</source>
        <translation>群組：%1 · 可釋放：%2 · 已標記：%3（%4）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Incomplete scan</source>
        <translation>掃描未完成</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Scan problems (%1)</source>
        <translation>掃描問題（%1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not moved (%1)</source>
        <translation>未移動（%1）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not put back (%1)</source>
        <translation>未放回（%1）</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Add a folder to scan first.</source>
        <translation>請先新增要掃描的資料夾。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Looking for duplicates…</source>
        <translation>正在尋找重複相片…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The groups appear here when the scan is done. Cancel keeps what was found.</source>
        <translation>掃描完成後，群組會顯示在這裡。取消掃描會保留已找到的結果。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Scan complete.</source>
        <translation>掃描完成。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan cancelled: the groups are incomplete.</source>
        <translation>掃描已取消：群組不完整。</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%Ln file(s) could not be used: View &gt; Problems.</source>
        <translation>
            <numerusform>%Ln 個檔案無法使用：見「檢視 &gt; 問題」。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Scan failed</source>
        <translation>掃描失敗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The scan stopped because of an internal error.</source>
        <translation>掃描因內部錯誤而停止。</translation>
    </message>
    <message numerus="yes">
        <location line="+42"/>
        <source>Unmarked %Ln photo(s) Auto-select had marked that the new groups leave to you (crops, other shapes, turned or mirrored copies, mostly flat pictures): look before marking.</source>
        <translation>
            <numerusform>已取消自動選取標記的 %Ln 張相片，新分組將它們留給你決定（裁切過、形狀不同、旋轉或鏡像、大面積單一色調）：請先檢視再標記。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No “Not duplicates” decisions are stored.</source>
        <translation>沒有儲存任何「並非重複」的決定。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Forget decisions</source>
        <translation>忘記決定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forget every “Not duplicates” decision?</source>
        <translation>忘記所有「並非重複」的決定？</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Photos you kept apart (%Ln pair(s)) can be grouped again. No file is touched.</source>
        <translation>
            <numerusform>你分開的相片（%Ln 對）可以再次分到同一群組。不會變更任何檔案。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Forget</source>
        <translation>忘記</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+15"/>
        <source>Not saved</source>
        <translation>未儲存</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Decisions forgotten: photos kept apart can be grouped again.</source>
        <translation>已忘記這些決定：分開的相片可以再次分到同一群組。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Add a folder to search first.</source>
        <translation>請先新增要搜尋的資料夾。</translation>
    </message>
    <message numerus="yes">
        <location line="+51"/>
        <source>Putting back %Ln photo(s)…</source>
        <translation>
            <numerusform>正在放回 %Ln 張相片…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Stopping after the photo being moved…</source>
        <translation>正在停止：目前相片移動完後停止…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Photos put back</source>
        <translation>相片已放回</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Back where they were: %Ln photo(s). Scan again to see their groups.</source>
        <translation>
            <numerusform>%Ln 張相片已放回原處。重新掃描即可查看它們所在的群組。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not put back</source>
        <translation>未放回</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>Put back %Ln photo(s). Scan again to see their groups.</source>
        <translation>
            <numerusform>已放回 %Ln 張相片。重新掃描即可檢視。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing was put back.</source>
        <translation>沒有放回任何相片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not put back: %1, see Problems.</source>
        <translation>未放回：%1 張，請見「問題」。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Still looking closer at the photos Auto-select marked: a moment.</source>
        <translation>仍在仔細比對自動選取標記的相片，請稍候。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Moving to trash: %1 of %2 (Esc stops)</source>
        <translation>正在移到資源回收筒：第 %1 張，共 %2 張（Esc 停止）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Waiting for another removal to finish (another window or dupviewer-cli)…</source>
        <translation>正在等待另一次移除完成（另一個視窗或 dupviewer-cli）…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No duplicates left</source>
        <translation>已沒有重複相片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every group is resolved. The photos that were moved are in the trash.</source>
        <translation>所有群組都已處理。移走的相片在資源回收筒中。</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Moved to trash: %Ln photo(s) (%1).</source>
        <translation>
            <numerusform>已移到資源回收筒：%Ln 張相片（%1）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Of these, deleted permanently: %Ln.</source>
        <translation>
            <numerusform>其中永久刪除：%Ln 張。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not moved: %1, see Problems.</source>
        <translation>未移動：%1，請查看「問題」。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Removal journal not written</source>
        <translation>無法寫入移除日誌</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The removal journal could not be written, so nothing more was moved. Photos already moved can be put back (Selection &gt; Put Back Last Removal), except any deleted permanently.
%1</source>
        <translation>無法寫入移除日誌，因此沒有再移動任何相片。已移動的相片可以放回（選取 &gt; 放回上次移除的相片），永久刪除的除外。
%1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Removal stopped</source>
        <translation>移除已停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing more was moved: %1</source>
        <translation>未再移動任何檔案：%1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Exported to %1</source>
        <translation>已匯出至 %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The language changes when you restart dupviewer.</source>
        <translation>重新啟動 dupviewer 後將切換語言。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Wait for the scan or the removal to finish, then drop the photo again.</source>
        <translation>請等掃描或移除完成後再拖入相片。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add a folder first: copies are looked for in the folders to scan.</source>
        <translation>請先新增資料夾：會在要掃描的資料夾中尋找副本。</translation>
    </message>
</context>
<context>
    <name>PhotoDelegate</name>
    <message>
        <location filename="../../dupviewer/ui/review/delegates.py" line="+136"/>
        <source>✓ Keep</source>
        <translation>✓ 保留</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>To trash</source>
        <translation>移到資源回收筒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Protected</source>
        <translation>受保護</translation>
    </message>
</context>
<context>
    <name>PhotoModel</name>
    <message>
        <location filename="../../dupviewer/ui/review/photo_model.py" line="+219"/>
        <source>Reference</source>
        <translation>基準相片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exact copy</source>
        <translation>完全相同</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No date</source>
        <translation>無日期</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Distance to the reference: %1 of 64 bits (%2% similar)</source>
        <translation>與基準相片的距離：64 位元中有 %1 位元不同（相似度 %2%）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Camera: %1</source>
        <translation>相機：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In a protected folder: never marked for the trash</source>
        <translation>位於受保護的資料夾中：絕不會被標記為移到資源回收筒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: only the first was compared, so it is never marked for the trash</source>
        <translation>%1：只比較了第一幀（頁），所以永遠不會被標記移除</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Not a plain copy of the kept photo: a crop of it, or what it was cut from. Auto-select leaves such photos unmarked.</source>
        <translation>不是保留相片的一般副本：它是保留相片的裁切版，或是裁切的來源。自動選取不會標記這類相片。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not a plain copy of the kept photo: another shape (borders cut or added). Auto-select leaves such photos unmarked.</source>
        <translation>不是保留相片的一般副本：形狀不同（邊緣被裁掉或加上）。自動選取不會標記這類相片。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not a plain copy of the kept photo: turned or mirrored next to it (which way round is right is yours to say). Auto-select leaves such photos unmarked.</source>
        <translation>不是保留相片的一般副本：與它相比經過旋轉或鏡像（哪個方向正確由你決定）。自動選取不會標記這類相片。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mostly one flat tone (a page, a screen, a graphic): the scan cannot compare its fine detail, such as text. Auto-select leaves such photos unmarked.</source>
        <translation>大面積為單一色調（頁面、螢幕截圖、圖形）：掃描無法比較其細節（例如文字）。自動選取不會標記這類相片。</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>%1% similar</source>
        <translation>相似度 %1%</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 · %2% similar</source>
        <translation>%1 · 相似度 %2%</translation>
    </message>
</context>
<context>
    <name>ProgressView</name>
    <message>
        <location filename="../../dupviewer/ui/progress_view.py" line="+69"/>
        <location line="+35"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1% done</source>
        <translation>已完成 %1%</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Files: %1 of %2</source>
        <translation>檔案：%1 / %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Files found: %1</source>
        <translation>已找到檔案：%1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Stopping: grouping the photos analysed so far</source>
        <translation>正在停止：將已分析的相片分組</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopping the scan</source>
        <translation>正在停止掃描</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>about %1 left</source>
        <translation>約剩 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 files/s</source>
        <translation>%1 個檔案/秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 · about %2 left</source>
        <translation>%1 · 約剩 %2</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Photos put back: scan again to count them</source>
        <translation>相片已放回：請重新掃描以統計它們</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scan complete</source>
        <translation>掃描完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Incomplete: scan cancelled</source>
        <translation>未完成：掃描已取消</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Photos: %1 · Groups: %2 · Can be freed: %3 · Problems: %4</source>
        <translation>相片：%1 · 群組：%2 · 可釋放：%3 · 問題：%4</translation>
    </message>
    <message>
        <location line="-123"/>
        <source>Stop the scan and show what was found so far (Esc)</source>
        <translation>停止掃描並顯示目前找到的結果（Esc）</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only the photos analysed before cancelling are grouped.</source>
        <translation>僅對取消前已分析的相片進行了分組。</translation>
    </message>
</context>
<context>
    <name>ReviewWidget</name>
    <message>
        <location filename="../../dupviewer/ui/review/widget.py" line="+140"/>
        <location line="+904"/>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <location line="-903"/>
        <source>Compare the selected photos large (Enter)</source>
        <translation>放大比較所選相片 (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the current photo and unmark it (K)</source>
        <translation>保留目前的相片並取消標記 (K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark / unmark</source>
        <translation>標記/取消標記</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Toggle the trash mark of the current photo (Space)</source>
        <translation>切換目前相片的移除標記 (空白鍵)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+868"/>
        <source>Mark all but keeper</source>
        <translation>標記其餘相片</translation>
    </message>
    <message>
        <location line="-867"/>
        <location line="+869"/>
        <source>Not duplicates</source>
        <translation>並非重複</translation>
    </message>
    <message>
        <location line="-867"/>
        <source>These photos are different: never group them again</source>
        <translation>這些相片並不相同：以後不再將它們歸為同一群組</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Auto-select</source>
        <translation>自動選取</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Space mark · K keep · Del/T trash · ←→ move · PgUp/PgDn group · Enter compare</source>
        <translation>空白鍵 標記 · K 保留 · Del/T 標記移除 · ←→ 移動 · PgUp/PgDn 切換群組 · Enter 比較</translation>
    </message>
    <message>
        <location line="+157"/>
        <source>Left unmarked (protected, or the last copy of a group): %1</source>
        <translation>未標記（受保護，或為群組內最後一份副本）：%1</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Auto-select marked %1 for the trash.</source>
        <translation>自動選取已將 %1標記為移到資源回收筒。</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>The photo you chose to keep stays kept in %n group(s).</source>
        <translation>
            <numerusform>你選擇保留的相片在 %n 個群組中仍然保留。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Looking closer at them (larger, in the background)…</source>
        <translation>正在背景以較大尺寸仔細比對這些相片…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Looking closer at the marked photos: %1 of %2…</source>
        <translation>正在仔細比對已標記的相片：第 %1 張，共 %2 張…</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Could not look closer at the marked photos: unmarked %Ln photo(s) Auto-select had marked; look before marking.</source>
        <translation>
            <numerusform>無法仔細比對已標記的相片：已取消標記 %Ln 張自動選取標記的相片；請先檢視再標記。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Looked closer and unmarked %Ln photo(s) whose fine detail differs from the kept copy (other text, a mark, another moment): look before marking.</source>
        <translation>
            <numerusform>仔細比對後：已取消標記 %Ln 張與保留副本細節不同的相片（文字不同、有標記或拍攝時刻不同）：請先檢視再標記。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Looked closer: every marked photo is a plain copy of the kept one.</source>
        <translation>仔細比對後：所有已標記的相片都是保留相片的一般副本。</translation>
    </message>
    <message>
        <location line="-301"/>
        <source>In every group keep the best copy by the keep rules and mark the others, except crops, other shapes, turned or mirrored copies and mostly flat pictures (pages, screens): those are left for you to look at</source>
        <translation>在每個群組中依保留規則保留最佳副本並標記其餘相片；裁切過的、形狀不同的、旋轉或鏡像的和大面積單一色調的相片（頁面、螢幕截圖）除外：這些留給你檢視</translation>
    </message>
    <message numerus="yes">
        <location line="+212"/>
        <source>%Ln photo(s) left unmarked (crops, other shapes, turned or mirrored copies, mostly flat pictures): look before marking.</source>
        <translation>
            <numerusform>%Ln 張相片未標記（裁切過、形狀不同、旋轉或鏡像、大面積單一色調）：請先檢視再標記。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+203"/>
        <source>Unmarked %Ln photo(s) Auto-select had marked: not plain copies of the new keeper (crops, other shapes, turned or mirrored copies, mostly flat pictures).</source>
        <translation>
            <numerusform>已取消自動選取標記的 %Ln 張相片：它們不是新保留相片的一般副本（裁切過、形狀不同、旋轉或鏡像、大面積單一色調）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>The kept copy changed; unmarked, as no plain copies of the new one: %Ln photo(s) (crops, other shapes, turned or mirrored copies, mostly flat pictures).</source>
        <translation>
            <numerusform>保留的相片已更換；以下相片不是新保留相片的一般副本，已取消標記：%Ln 張（裁切過、形狀不同、旋轉或鏡像、大面積單一色調）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+56"/>
        <source>These photos have identical bytes: they are copies of one file.</source>
        <translation>這些相片的位元組完全相同：它們是同一個檔案的副本。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not duplicates: %1 will not be grouped together again.</source>
        <translation>並非重複：%1不會再被分到同一群組。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Files with identical bytes stay together.</source>
        <translation>位元組完全相同的檔案仍在同一群組。</translation>
    </message>
    <message>
        <location line="+116"/>
        <source>“%1” is in a protected folder and is never marked for the trash.</source>
        <translation>「%1」位於受保護的資料夾中，絕不會被標記為移到資源回收筒。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot mark every photo of a group: at least one copy is always kept.</source>
        <translation>無法標記群組內的所有相片：一律至少保留一份副本。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“%1” has %2 and only the first was compared: its last copy is never marked for the trash.</source>
        <translation>「%1」有 %2，只比較了第一幀（頁）：它的最後一份副本永遠不會被標記移除。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Groups (%1)</source>
        <translation>群組（%1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Marked for the trash: %1 · %2</source>
        <translation>已標記移到資源回收筒：%1 · %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing marked yet</source>
        <translation>尚未標記任何相片</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No duplicate photos found</source>
        <translation>找不到重複相片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No scan yet</source>
        <translation>尚未掃描</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Exact copies</source>
        <translation>完全相同的副本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Similar photos</source>
        <translation>相似相片</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Group %1 of %2 · %3</source>
        <translation>第 %1 個群組，共 %2 個 · %3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 · %2 in all · marking %3 frees %4</source>
        <translation>%1 · 共 %2 · 標記 %3可釋放 %4</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 · %2 in all · keeping one copy frees %3</source>
        <translation>%1 · 共 %2 · 只保留一份可釋放 %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 · %2 in all · nothing proposed for the trash: look first</source>
        <translation>%1 · 共 %2 · 未建議移到資源回收筒：請先檢視</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%Ln photo(s)</source>
        <translation>
            <numerusform>%Ln 張相片</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+103"/>
        <source>Not plain copies of the kept one among the marks: %Ln photo(s) (crops, other shapes, turned or mirrored copies, mostly flat pictures, other fine detail): look before sending them to the trash.</source>
        <translation>
            <numerusform>已標記的相片中有 %Ln 張不是保留相片的一般副本（裁切過、形狀不同、旋轉或鏡像、大面積單一色調、細節不同）：移到資源回收筒前請先檢視。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Unmark this group</source>
        <translation>取消標記此群組</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Unmark</source>
        <translation>取消標記</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mark for trash</source>
        <translation>標記為移到資源回收筒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep this photo</source>
        <translation>保留此相片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show in folder</source>
        <translation>在資料夾中顯示</translation>
    </message>
</context>
<context>
    <name>ScanPanel</name>
    <message>
        <location filename="../../dupviewer/ui/scan_panel.py" line="+59"/>
        <source>Add a folder to scan</source>
        <translation>新增要掃描的資料夾</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Tick a folder to protect it: its photos can be kept but are never marked.</source>
        <translation>勾選資料夾即可保護它：其中的相片可以保留，但絕不會被標記。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a folder to scan (you can also drop folders here)</source>
        <translation>新增要掃描的資料夾（也可以將資料夾拖放到這裡）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recent</source>
        <translation>最近使用</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Folders</source>
        <translation>資料夾</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Copies that look the same (distance 0), also re-saved, resized, converted or turned ones. Files with identical bytes are labelled exact copies in any setting.</source>
        <translation>看起來相同的副本（距離 0），包括重新儲存、縮放、轉換格式或旋轉的副本。位元組完全相同的檔案在任何設定下都標為「完全相同」。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Custom</source>
        <translation>自訂</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Find rotated and mirrored copies</source>
        <translation>尋找旋轉與鏡像的副本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find cropped copies</source>
        <translation>尋找裁切過的副本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. *.gif; Screenshots/*</source>
        <translation>例如 *.gif; Screenshots/*</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Patterns of names or paths to skip, separated by semicolons</source>
        <translation>要略過的檔名或路徑模式，以分號分隔</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Options</source>
        <translation>選項</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Similarity:</source>
        <translation>相似度：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distance:</source>
        <translation>距離門檻值：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Method:</source>
        <translation>雜湊演算法：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Skip:</source>
        <translation>略過：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan</source>
        <translation>掃描</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Same picture</source>
        <translation>同一張相片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Near-identical</source>
        <translation>幾乎相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Similar (recommended)</source>
        <translation>相似（建議）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loose</source>
        <translation>寬鬆</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>≤ %1 / 64</source>
        <translation>≤ %1 / 64</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Photos differing in at most %1 of 64 hash bits are grouped</source>
        <translation>64 位元雜湊值中最多相差 %1 位元的相片會被歸為同一群組</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>%1
Tick to protect: photos here are never marked for removal.</source>
        <translation>%1
勾選即可保護：此處的相片絕不會被標記為移除。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>No recent folders</source>
        <translation>沒有最近使用的資料夾</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear list</source>
        <translation>清除清單</translation>
    </message>
</context>
<context>
    <name>TrashController</name>
    <message>
        <location filename="../../dupviewer/ui/trash_controller.py" line="+55"/>
        <source>Send to trash</source>
        <translation>移到資源回收筒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send the marked photos to the trash?</source>
        <translation>要將標記的相片移到資源回收筒嗎？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Photos: %1
Size: %2

They can be restored from the trash.</source>
        <translation>相片：%1
大小：%2

之後可以從資源回收筒還原這些相片。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Send to Trash</source>
        <translation>移到資源回收筒</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No trash on this drive</source>
        <translation>此磁碟機上沒有資源回收筒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Leave them where they are, move them to a recovery folder on the same drive (you can put them back later), or delete them permanently?</source>
        <translation>要將它們留在原處、移到同一磁碟機上的復原資料夾（之後可以放回原處），還是永久刪除？</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Leave Them</source>
        <translation>留在原處</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Move to Recovery Folder…</source>
        <translation>移到復原資料夾…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete Permanently…</source>
        <translation>永久刪除…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Recovery folder</source>
        <translation>復原資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder on the same drive (created if needed):</source>
        <translation>同一磁碟機上的資料夾（如不存在會自動建立）：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Delete permanently</source>
        <translation>永久刪除</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../dupviewer/ui/menus.py" line="+123"/>
        <source>&amp;Add Folder…</source>
        <translation>新增資料夾(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Scan</source>
        <translation>掃描(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scan the folders for duplicate photos (F5)</source>
        <translation>在資料夾中掃描重複相片 (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel Scan</source>
        <translation>取消掃描(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find Copies of Photos…</source>
        <translation>尋找相片的副本(&amp;F)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Look for copies of chosen photos in the folders to scan</source>
        <translation>在要掃描的資料夾中尋找所選相片的副本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export</source>
        <translation>匯出(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As &amp;CSV…</source>
        <translation>CSV 格式(&amp;C)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>As &amp;JSON…</source>
        <translation>JSON 格式(&amp;J)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Auto-Select</source>
        <translation>自動選取(&amp;A)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mark every copy except the best one of each group, by the keep rules (crops, other shapes, turned or mirrored copies and mostly flat pictures are left for you to look at)</source>
        <translation>依保留規則標記每個群組中除最佳副本外的所有副本（裁切過的、形狀不同的、旋轉或鏡像的和大面積單一色調的相片留給你檢視）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>C&amp;lear Marks</source>
        <translation>清除標記(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keep Rules…</source>
        <translation>保留規則(&amp;K)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Forget “Not Duplicates” Decisions…</source>
        <translation>忘記「並非重複」的決定(&amp;F)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Let photos you marked as not duplicates be grouped again</source>
        <translation>讓你標為「並非重複」的相片可以再次分到同一群組</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send Marked to &amp;Trash</source>
        <translation>將標記的相片移到資源回收筒(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the marked photos to the trash (Ctrl+Del)</source>
        <translation>將標記的相片移到資源回收筒 (Ctrl+Del)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Put Back Last Removal</source>
        <translation>放回上次移除的相片(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move the photos of the last removal back from the trash (Ctrl+Z)</source>
        <translation>把上次移除的相片從資源回收筒移回原處 (Ctrl+Z)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>La&amp;rger Thumbnails</source>
        <translation>放大縮圖(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;maller Thumbnails</source>
        <translation>縮小縮圖(&amp;M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resize the photo cards (also Ctrl and the mouse wheel)</source>
        <translation>調整相片卡片的大小（也可按住 Ctrl 捲動滑鼠滾輪）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About dupviewer</source>
        <translation>關於 dupviewer(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Selection</source>
        <translation>選取(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language (after restart)</source>
        <translation>語言（重新啟動後生效）(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System Language</source>
        <translation>系統語言</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Toolbar</source>
        <translation>工具列</translation>
    </message>
</context>
<context>
    <name>_FrameTexts</name>
    <message numerus="yes">
        <location filename="../../dupviewer/ui/review/photo_model.py" line="-25"/>
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n 頁</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n frame(s)</source>
        <translation>
            <numerusform>%n 幀</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_PluralTexts</name>
    <message numerus="yes">
        <location filename="../../dupviewer/ui/trash_controller.py" line="-61"/>
        <source>The drive %1 has no usable trash, so %Ln photo(s) could not be moved there.</source>
        <translation>
            <numerusform>磁碟機 %1 上沒有可用的資源回收筒，因此有 %Ln 張相片無法移到資源回收筒。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Delete %Ln photo(s) on %1 permanently? This cannot be undone.</source>
        <translation>
            <numerusform>要永久刪除 %1 上的 %Ln 張相片嗎？此動作無法復原。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../dupviewer/ui/app.py" line="+173"/>
        <source>Unexpected error</source>
        <translation>未預期的錯誤</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Something went wrong. Your photos were not changed by this error.</source>
        <translation>發生問題。此錯誤並未變更你的任何相片。</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Folder not found</source>
        <translation>找不到資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These folders do not exist:</source>
        <translation>下列資料夾不存在：</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <location filename="../../dupviewer/ui/export.py" line="+42"/>
        <source>Export as CSV</source>
        <translation>匯出為 CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 檔案 (*.csv)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export as JSON</source>
        <translation>匯出為 JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 檔案 (*.json)</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+13"/>
        <source>Export failed</source>
        <translation>匯出失敗</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>%1 is an image: the export was not written over it.</source>
        <translation>%1 是圖片：匯出沒有覆寫它。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Could not write %1:
%2</source>
        <translation>無法寫入 %1：
%2</translation>
    </message>
</context>
<context>
    <name>words</name>
    <message>
        <location filename="../../dupviewer/ui/words.py" line="+25"/>
        <source>Finding photos</source>
        <translation>正在尋找相片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Analysing photos</source>
        <translation>正在分析相片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grouping look-alikes</source>
        <translation>正在將相似相片分組</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Working</source>
        <translation>處理中</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folder not readable</source>
        <translation>無法讀取資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Link loop</source>
        <translation>符號連結迴圈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changed or gone during scan</source>
        <translation>掃描期間已變更或消失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Permission denied</source>
        <translation>權限不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty file</source>
        <translation>空白檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not an image</source>
        <translation>不是圖片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Damaged image</source>
        <translation>圖片已損毀</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image too large</source>
        <translation>圖片過大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decoder crashed</source>
        <translation>解碼器當機</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other problem</source>
        <translation>其他問題</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>empty file</source>
        <translation>空白檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not an image</source>
        <translation>不是圖片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image file is truncated</source>
        <translation>圖片檔案不完整（被截斷）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image data is damaged</source>
        <translation>圖片資料已損壞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image header is invalid</source>
        <translation>圖片檔頭無效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image has no pixels</source>
        <translation>圖片沒有像素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image is too large to decode safely</source>
        <translation>圖片太大，無法安全解碼</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not enough memory to decode the image</source>
        <translation>記憶體不足，無法解碼該圖片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not enough memory</source>
        <translation>記憶體不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the image decoder crashed on this file</source>
        <translation>圖片解碼器在此檔案上當機</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>permission denied</source>
        <translation>沒有存取權限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such file</source>
        <translation>檔案不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such file or folder</source>
        <translation>檔案或資料夾不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such file or directory</source>
        <translation>檔案或資料夾不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file disappeared before it could be read</source>
        <translation>檔案在讀取前已消失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file disappeared during the scan</source>
        <translation>檔案在掃描過程中消失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>folder disappeared during the scan</source>
        <translation>資料夾在掃描過程中消失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file changed while it was being read</source>
        <translation>檔案在讀取過程中被修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is a folder, not a file</source>
        <translation>這是資料夾，不是檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is a folder, not an image file</source>
        <translation>這是資料夾，不是圖片檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>broken symbolic link</source>
        <translation>符號連結已失效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>symbolic link loop</source>
        <translation>符號連結迴圈</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>link points to a folder that contains it; not followed</source>
        <translation>連結指向包含它的資料夾，未跟隨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled before it was read</source>
        <translation>讀取前已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dupviewer&apos;s recovery folder (removed copies to put back): not scanned</source>
        <translation>dupviewer 的復原資料夾（存放可放回的已移除副本）：不掃描</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>inside dupviewer&apos;s recovery folder (removed copies to put back): not scanned; put the files back first</source>
        <translation>位於 dupviewer 的復原資料夾內（存放可放回的已移除副本）：不掃描；請先將檔案放回</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a trash folder or inside one: not scanned, so a copy in the trash is never kept in place of a live photo; restore the files first</source>
        <translation>是資源回收筒資料夾或位於其中：不掃描，以免保留資源回收筒裡的副本而移除正在使用的相片；請先還原檔案</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>not a regular file (named pipe): not scanned</source>
        <translation>不是一般檔案（具名管道）：不掃描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a regular file (socket): not scanned</source>
        <translation>不是一般檔案（通訊端）：不掃描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a regular file (character device): not scanned</source>
        <translation>不是一般檔案（字元裝置）：不掃描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a regular file (block device): not scanned</source>
        <translation>不是一般檔案（區塊裝置）：不掃描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a regular file (special file): not scanned</source>
        <translation>不是一般檔案（特殊檔案）：不掃描</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>not an image (the content is not %1 or any supported format)</source>
        <translation>不是圖片（內容不是 %1，也不是任何支援的格式）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>image is damaged or cut short (it starts like a %1 file)</source>
        <translation>圖片已損壞或被截斷（開頭像 %1 檔案）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>image is too large (%1 x %2 pixels, %3 MP)</source>
        <translation>圖片太大（%1 × %2 像素，%3 百萬像素）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>file is too large to read (%1; the limit is %2)</source>
        <translation>檔案太大，無法讀取（%1；上限為 %2）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>image is damaged (%1)</source>
        <translation>圖片已損壞（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>could not be read (%1)</source>
        <translation>無法讀取（%1）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not in any group</source>
        <translation>不在任何群組中</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+98"/>
        <source>In a protected folder</source>
        <translation>位於受保護的資料夾中</translation>
    </message>
    <message>
        <location line="-97"/>
        <source>Has frames or pages no other copy holds</source>
        <translation>含有其他副本沒有的幀或頁</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last copy of its group: kept</source>
        <translation>群組內最後一份副本：已保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The kept copy is missing</source>
        <translation>保留的副本已不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The kept copy changed since the scan</source>
        <translation>保留的副本在掃描後已變更</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The kept copy is in the trash or a recovery folder</source>
        <translation>保留的副本在資源回收筒或復原資料夾中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>File no longer there</source>
        <translation>檔案已不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File changed since the scan</source>
        <translation>檔案在掃描後已變更</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File content changed since the scan</source>
        <translation>檔案內容在掃描後已變更</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot verify the file&apos;s content</source>
        <translation>無法驗證檔案內容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No longer a regular file</source>
        <translation>已不是一般檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File not readable</source>
        <translation>無法讀取檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Same file as the kept copy</source>
        <translation>與保留的副本是同一個檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No trash on this drive</source>
        <translation>此磁碟機上沒有資源回收筒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Permanent deletion not confirmed</source>
        <translation>未確認永久刪除</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recovery folder not usable</source>
        <translation>復原資料夾無法使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Removal log cannot be written</source>
        <translation>無法寫入移除記錄檔</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The trash reported an error</source>
        <translation>資源回收筒回報錯誤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The trash did not move the file</source>
        <translation>資源回收筒未移動該檔案</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not move the file</source>
        <translation>無法移動該檔案</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+4"/>
        <source>Not moved</source>
        <translation>未移動</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Kept copy</source>
        <translation>保留的副本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo looked up</source>
        <translation>要尋找的相片</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Exact copy</source>
        <translation>完全相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Similar</source>
        <translation>相似</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+10"/>
        <source>Mirrored</source>
        <translation>鏡像</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Flipped</source>
        <translation>翻轉</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <location line="+13"/>
        <source>Cropped</source>
        <translation>裁切</translation>
    </message>
    <message>
        <location line="-12"/>
        <location line="+10"/>
        <source>Uncropped</source>
        <translation>未裁切</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Rotated %1°</source>
        <translation>旋轉 %1°</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Perceptual hash (pHash, best)</source>
        <translation>感知雜湊（pHash，效果最佳）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference hash (dHash)</source>
        <translation>差異雜湊（dHash）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average hash (aHash, fastest)</source>
        <translation>平均雜湊（aHash，速度最快）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wavelet hash (wHash)</source>
        <translation>小波雜湊（wHash）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Highest resolution</source>
        <translation>解析度最高</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest file</source>
        <translation>檔案最大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preferred format</source>
        <translation>偏好的格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest date taken</source>
        <translation>拍攝日期最早</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest modification time</source>
        <translation>修改時間最早</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shortest path</source>
        <translation>路徑最短</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 bytes</source>
        <translation>%1 位元組</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min</source>
        <translation>%1 分鐘</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 h %2 min</source>
        <translation>%1 小時 %2 分鐘</translation>
    </message>
</context>
</TS>

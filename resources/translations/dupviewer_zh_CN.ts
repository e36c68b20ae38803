<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../dupviewer/ui/about.py" line="+19"/>
        <source>About dupviewer</source>
        <translation>关于 dupviewer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Finds duplicate and near-duplicate photos, lets you compare them side by side, and sends the extra copies to the trash safely: the last copy of a photo is never removed.</source>
        <translation>查找重复和相似的照片，让你并排比较，并将多余的副本安全地移到回收站：照片的最后一份副本永远不会被删除。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Free software under the GNU General Public License, version 3 or later.</source>
        <translation>自由软件，依据 GNU 通用公共许可证第 3 版或更高版本发布。</translation>
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
        <translation>比较照片</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Click a photo to pick it · K keep · Space mark / unmark · Del/T trash · + − zoom · 0 fit · 1 100% · Tab flip · A turn to match · Esc close</source>
        <translation>单击照片以选中它 · K 保留 · 空格 标记/取消标记 · Del/T 标记删除 · + − 缩放 · 0 适应窗口 · 1 100% · Tab 切换 · A 转正对齐 · Esc 关闭</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location line="-446"/>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>100%</source>
        <translation>100%</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flip between photos (Tab)</source>
        <translation>在照片之间来回切换 (Tab)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Turn to match (A)</source>
        <translation>转正对齐 (A)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show turned and mirrored copies the way the kept copy is shown</source>
        <translation>将旋转或镜像的副本按保留的照片的方向显示</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Whole photos in view (0)</source>
        <translation>显示完整照片 (0)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One photo pixel per screen pixel (1)</source>
        <translation>一个照片像素对应一个屏幕像素 (1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom in: + or the mouse wheel; zoom out: −</source>
        <translation>放大：+ 或鼠标滚轮；缩小：−</translation>
    </message>
    <message>
        <location line="+209"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot open this photo</source>
        <translation>无法打开此照片</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Zoom %1%</source>
        <translation>缩放 %1%</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>To trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>turned to match</source>
        <translation>已转正对齐</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Date taken</source>
        <translation>拍摄日期</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No date</source>
        <translation>无日期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Match</source>
        <translation>匹配类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Reference</source>
        <translation>基准照片</translation>
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
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
</context>
<context>
    <name>FindDialog</name>
    <message>
        <location filename="../../dupviewer/ui/find_view.py" line="+255"/>
        <source>Find copies of photos</source>
        <translation>查找照片的副本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Photos (%1)</source>
        <translation>照片 (%1)</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Find copies</source>
        <translation>查找副本</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Looking for %1 in %2</source>
        <translation>正在 %2 中查找 %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Add a folder to scan first: copies are looked for in those folders.</source>
        <translation>请先添加要扫描的文件夹：将在这些文件夹中查找副本。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No photos to look for.</source>
        <translation>没有要查找的照片。</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message numerus="yes">
        <location line="+29"/>
        <source>Copies found for %1 of %Ln photo(s).</source>
        <translation>
            <numerusform>%Ln 张照片中有 %1 张找到了副本。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+33"/>
        <source>%Ln file(s) of the library could not be read.</source>
        <translation>
            <numerusform>照片库中有 %Ln 个文件无法读取。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+30"/>
        <source>Moved to trash: %Ln photo(s) (%1).</source>
        <translation>
            <numerusform>已移到回收站：%Ln 张照片（%1）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="-40"/>
        <source>No other copy of: %1.</source>
        <translation>没有其他副本：%1。</translation>
    </message>
    <message>
        <location line="-197"/>
        <source>Nothing looked up yet</source>
        <translation>尚未查找</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Send Marked to &amp;Trash</source>
        <translation>将标记的照片移到回收站(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the marked photos to the trash (Ctrl+Del)</source>
        <translation>将标记的照片移到回收站 (Ctrl+Del)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Stop the look-up and show what was found so far</source>
        <translation>停止查找并显示目前找到的结果</translation>
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
        <translation>%1 的副本显示在 %2 一组中。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Copies of %1 are only among the photos looked up: %2.</source>
        <translation>%1 的副本只在所查找的照片之中：%2。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not read %1: %2.</source>
        <translation>无法读取 %1：%2。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cancelled before any photo was looked up: nothing was searched.</source>
        <translation>在查找任何照片之前已取消：未搜索任何内容。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled: only the photos indexed so far were searched.</source>
        <translation>已取消：只搜索了目前已建立索引的照片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not looked up: %1.</source>
        <translation>未查找：%1。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Look-up failed</source>
        <translation>查找失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The look-up stopped because of an internal error: %1</source>
        <translation>查找因内部错误而停止：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No copies left</source>
        <translation>没有剩余的副本</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not moved: %1.</source>
        <translation>未移动：%1。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Waiting for another removal to finish (another window or dupviewer-cli)…</source>
        <translation>正在等待另一次移除完成（另一个窗口或 dupviewer-cli）…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing more was moved: %1</source>
        <translation>未再移动任何文件：%1</translation>
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
            <numerusform>%1 — %Ln 张照片，%2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+31"/>
        <source>%Ln photo(s) · %1</source>
        <translation>
            <numerusform>%Ln 张照片 · %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 marked · frees %2</source>
        <translation>已标记 %1 · 可释放 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Can free %1</source>
        <translation>可释放 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing proposed: look first</source>
        <translation>未建议删除：请先查看</translation>
    </message>
</context>
<context>
    <name>KeepRulesDialog</name>
    <message>
        <location filename="../../dupviewer/ui/keep_rules_dialog.py" line="+29"/>
        <source>Keep Rules</source>
        <translation>保留规则</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Auto-select keeps the copy that wins the first rule where the copies differ. Move the rules you care about most to the top.</source>
        <translation>自动选择会按顺序比较各条规则，保留在第一条能区分各副本的规则中胜出的副本。请把你最看重的规则移到最上面。</translation>
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
        <translation>重置</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../dupviewer/ui/main_window.py" line="+215"/>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Find duplicate photos</source>
        <translation>查找重复照片</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Add the folders that hold your photos (or drop them on this window), then press Scan.</source>
        <translation>添加存放照片的文件夹（或将文件夹拖放到此窗口），然后点击“扫描”。</translation>
    </message>
    <message numerus="yes">
        <location line="-7"/>
        <source>Press Scan to look for duplicates in the %Ln folder(s) on the left, or add more (drop them on this window).</source>
        <translation>
            <numerusform>按“扫描”在左侧的 %Ln 个文件夹中查找重复照片，或添加更多文件夹（拖放到此窗口即可）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The groups shown are from the last scan: Scan (F5) to use these options.</source>
        <translation>显示的分组来自上次扫描：按“扫描”(F5) 以使用这些选项。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Protected folders changed: the groups now keep their photos.</source>
        <translation>受保护的文件夹已更改：分组现在会保留其中的照片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folders no longer protected: their photos can be marked again.</source>
        <translation>文件夹不再受保护：其中的照片可以再次标记。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The scan was cancelled before any duplicates were found.</source>
        <translation>扫描在找到任何重复照片之前已取消。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fewer than two photos were found in these folders.</source>
        <translation>这些文件夹中的照片少于两张。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 photos were compared. Copies edited more heavily than the Distance allows are not shown: a higher Distance finds them, without scanning again.</source>
        <translation>已比较 %1 张照片。修改程度超过“距离阈值”的副本不会显示：调高“距离阈值”即可找到它们，无需重新扫描。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No duplicate photos found</source>
        <translation>未找到重复照片</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Groups: %1 · Can be freed: %2 · Marked: %3 (%4)</source>
        <translation>组：%1 · 可释放：%2 · 已标记：%3（%4）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Incomplete scan</source>
        <translation>扫描不完整</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Scan problems (%1)</source>
        <translation>扫描问题（%1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not moved (%1)</source>
        <translation>未移动（%1）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not put back (%1)</source>
        <translation>未放回（%1）</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Add a folder to scan first.</source>
        <translation>请先添加要扫描的文件夹。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Looking for duplicates…</source>
        <translation>正在查找重复照片…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The groups appear here when the scan is done. Cancel keeps what was found.</source>
        <translation>扫描完成后，分组会显示在这里。取消扫描会保留已找到的结果。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Scan complete.</source>
        <translation>扫描完成。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan cancelled: the groups are incomplete.</source>
        <translation>扫描已取消：分组不完整。</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%Ln file(s) could not be used: View &gt; Problems.</source>
        <translation>
            <numerusform>%Ln 个文件无法使用：见“视图 &gt; 问题”。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Scan failed</source>
        <translation>扫描失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The scan stopped because of an internal error.</source>
        <translation>扫描因内部错误而停止。</translation>
    </message>
    <message numerus="yes">
        <location line="+42"/>
        <source>Unmarked %Ln photo(s) Auto-select had marked that the new groups leave to you (crops, other shapes, turned or mirrored copies, mostly flat pictures): look before marking.</source>
        <translation>
            <numerusform>已取消自动选择标记的 %Ln 张照片，新分组将它们留给你决定（裁剪过、形状不同、旋转或镜像、大面积单一色调）：请先查看再标记。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No “Not duplicates” decisions are stored.</source>
        <translation>没有保存任何“并非重复”的决定。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Forget decisions</source>
        <translation>忘记决定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Forget every “Not duplicates” decision?</source>
        <translation>忘记所有“并非重复”的决定？</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Photos you kept apart (%Ln pair(s)) can be grouped again. No file is touched.</source>
        <translation>
            <numerusform>你分开的照片（%Ln 对）可以再次分到同一组。不会改动任何文件。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Forget</source>
        <translation>忘记</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+15"/>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Decisions forgotten: photos kept apart can be grouped again.</source>
        <translation>已忘记这些决定：分开的照片可以再次分到同一组。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Add a folder to search first.</source>
        <translation>请先添加要搜索的文件夹。</translation>
    </message>
    <message numerus="yes">
        <location line="+51"/>
        <source>Putting back %Ln photo(s)…</source>
        <translation>
            <numerusform>正在放回 %Ln 张照片…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Stopping after the photo being moved…</source>
        <translation>正在停止：当前照片移动完后停止…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Photos put back</source>
        <translation>照片已放回</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Back where they were: %Ln photo(s). Scan again to see their groups.</source>
        <translation>
            <numerusform>%Ln 张照片已放回原处。重新扫描即可查看它们所在的组。</numerusform>
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
            <numerusform>已放回 %Ln 张照片。重新扫描即可查看。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing was put back.</source>
        <translation>没有放回任何照片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not put back: %1, see Problems.</source>
        <translation>未放回：%1 张，见“问题”。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Still looking closer at the photos Auto-select marked: a moment.</source>
        <translation>仍在仔细比对自动选择标记的照片，请稍候。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Moving to trash: %1 of %2 (Esc stops)</source>
        <translation>正在移到回收站：第 %1 张，共 %2 张（Esc 停止）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Waiting for another removal to finish (another window or dupviewer-cli)…</source>
        <translation>正在等待另一次移除完成（另一个窗口或 dupviewer-cli）…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>No duplicates left</source>
        <translation>已没有重复照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every group is resolved. The photos that were moved are in the trash.</source>
        <translation>所有分组都已处理。移走的照片在回收站中。</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Moved to trash: %Ln photo(s) (%1).</source>
        <translation>
            <numerusform>已移到回收站：%Ln 张照片（%1）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Of these, deleted permanently: %Ln.</source>
        <translation>
            <numerusform>其中永久删除：%Ln 张。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not moved: %1, see Problems.</source>
        <translation>未移动：%1，请查看“问题”。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Removal journal not written</source>
        <translation>无法写入移除日志</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The removal journal could not be written, so nothing more was moved. Photos already moved can be put back (Selection &gt; Put Back Last Removal), except any deleted permanently.
%1</source>
        <translation>无法写入移除日志，因此没有再移动任何照片。已移动的照片可以放回（选择 &gt; 放回上次移除的照片），永久删除的除外。
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
        <translation>未再移动任何文件：%1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The language changes when you restart dupviewer.</source>
        <translation>重新启动 dupviewer 后将切换语言。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Wait for the scan or the removal to finish, then drop the photo again.</source>
        <translation>请等扫描或移除完成后再拖入照片。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add a folder first: copies are looked for in the folders to scan.</source>
        <translation>请先添加文件夹：会在要扫描的文件夹中查找副本。</translation>
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
        <translation>移到回收站</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Protected</source>
        <translation>受保护</translation>
    </message>
</context>
<context>
    <name>PhotoModel</name>
    <message>
        <location filename="../../dupviewer/ui/review/photo_model.py" line="+219"/>
        <source>Reference</source>
        <translation>基准照片</translation>
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
        <translation>无日期</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Distance to the reference: %1 of 64 bits (%2% similar)</source>
        <translation>与基准照片的距离：64 位中有 %1 位不同（相似度 %2%）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Camera: %1</source>
        <translation>相机：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In a protected folder: never marked for the trash</source>
        <translation>位于受保护的文件夹中：永远不会被标记为移到回收站</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: only the first was compared, so it is never marked for the trash</source>
        <translation>%1：只比较了第一帧（页），所以它永远不会被标记删除</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Not a plain copy of the kept photo: a crop of it, or what it was cut from. Auto-select leaves such photos unmarked.</source>
        <translation>不是保留照片的普通副本：它是保留照片的裁剪版，或是裁剪的来源。自动选择不会标记这类照片。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not a plain copy of the kept photo: another shape (borders cut or added). Auto-select leaves such photos unmarked.</source>
        <translation>不是保留照片的普通副本：形状不同（边缘被裁掉或添加）。自动选择不会标记这类照片。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not a plain copy of the kept photo: turned or mirrored next to it (which way round is right is yours to say). Auto-select leaves such photos unmarked.</source>
        <translation>不是保留照片的普通副本：与它相比经过旋转或镜像（哪个方向正确由你决定）。自动选择不会标记这类照片。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Mostly one flat tone (a page, a screen, a graphic): the scan cannot compare its fine detail, such as text. Auto-select leaves such photos unmarked.</source>
        <translation>大面积为单一色调（文档页面、屏幕截图、图形）：扫描无法比较其细节（例如文字）。自动选择不会标记这类照片。</translation>
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
        <translation>文件：%1 / %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Files found: %1</source>
        <translation>已找到文件：%1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Stopping: grouping the photos analysed so far</source>
        <translation>正在停止：对已分析的照片分组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopping the scan</source>
        <translation>正在停止扫描</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>about %1 left</source>
        <translation>剩余约 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 files/s</source>
        <translation>%1 个文件/秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 · about %2 left</source>
        <translation>%1 · 剩余约 %2</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Photos put back: scan again to count them</source>
        <translation>照片已放回：请重新扫描以统计它们</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Scan complete</source>
        <translation>扫描完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Incomplete: scan cancelled</source>
        <translation>不完整：扫描已取消</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Photos: %1 · Groups: %2 · Can be freed: %3 · Problems: %4</source>
        <translation>照片：%1 · 组：%2 · 可释放：%3 · 问题：%4</translation>
    </message>
    <message>
        <location line="-123"/>
        <source>Stop the scan and show what was found so far (Esc)</source>
        <translation>停止扫描并显示目前找到的结果（Esc）</translation>
    </message>
    <message>
        <location line="+145"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only the photos analysed before cancelling are grouped.</source>
        <translation>仅对取消前已分析的照片进行了分组。</translation>
    </message>
</context>
<context>
    <name>ReviewWidget</name>
    <message>
        <location filename="../../dupviewer/ui/review/widget.py" line="+140"/>
        <location line="+904"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location line="-903"/>
        <source>Compare the selected photos large (Enter)</source>
        <translation>放大比较所选照片 (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the current photo and unmark it (K)</source>
        <translation>保留当前照片并取消其标记 (K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark / unmark</source>
        <translation>标记/取消标记</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Toggle the trash mark of the current photo (Space)</source>
        <translation>切换当前照片的删除标记 (空格键)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+868"/>
        <source>Mark all but keeper</source>
        <translation>标记其余照片</translation>
    </message>
    <message>
        <location line="-867"/>
        <location line="+869"/>
        <source>Not duplicates</source>
        <translation>并非重复</translation>
    </message>
    <message>
        <location line="-867"/>
        <source>These photos are different: never group them again</source>
        <translation>这些照片并不相同：以后不再将它们分为一组</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Auto-select</source>
        <translation>自动选择</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Space mark · K keep · Del/T trash · ←→ move · PgUp/PgDn group · Enter compare</source>
        <translation>空格 标记 · K 保留 · Del/T 标记删除 · ←→ 移动 · PgUp/PgDn 切换组 · Enter 比较</translation>
    </message>
    <message>
        <location line="+157"/>
        <source>Left unmarked (protected, or the last copy of a group): %1</source>
        <translation>未标记（受保护，或为组内最后一份副本）：%1</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Auto-select marked %1 for the trash.</source>
        <translation>自动选择已将 %1标记为移到回收站。</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>The photo you chose to keep stays kept in %n group(s).</source>
        <translation>
            <numerusform>你选择保留的照片在 %n 个组中仍然保留。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Looking closer at them (larger, in the background)…</source>
        <translation>正在后台以更大尺寸仔细比对这些照片…</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Looking closer at the marked photos: %1 of %2…</source>
        <translation>正在仔细比对已标记的照片：第 %1 张，共 %2 张…</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Could not look closer at the marked photos: unmarked %Ln photo(s) Auto-select had marked; look before marking.</source>
        <translation>
            <numerusform>无法仔细比对已标记的照片：已取消标记 %Ln 张自动选择标记的照片；请先查看再标记。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Looked closer and unmarked %Ln photo(s) whose fine detail differs from the kept copy (other text, a mark, another moment): look before marking.</source>
        <translation>
            <numerusform>仔细比对后：已取消标记 %Ln 张与保留副本细节不同的照片（文字不同、有标记或拍摄时刻不同）：请先查看再标记。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Looked closer: every marked photo is a plain copy of the kept one.</source>
        <translation>仔细比对后：所有已标记的照片都是保留照片的一般副本。</translation>
    </message>
    <message>
        <location line="-301"/>
        <source>In every group keep the best copy by the keep rules and mark the others, except crops, other shapes, turned or mirrored copies and mostly flat pictures (pages, screens): those are left for you to look at</source>
        <translation>在每个组中按保留规则保留最佳副本并标记其余照片；裁剪过的、形状不同的、旋转或镜像的和大面积单一色调的照片（文档页面、屏幕截图）除外：这些留给你查看</translation>
    </message>
    <message numerus="yes">
        <location line="+212"/>
        <source>%Ln photo(s) left unmarked (crops, other shapes, turned or mirrored copies, mostly flat pictures): look before marking.</source>
        <translation>
            <numerusform>%Ln 张照片未标记（裁剪过、形状不同、旋转或镜像、大面积单一色调）：请先查看再标记。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+203"/>
        <source>Unmarked %Ln photo(s) Auto-select had marked: not plain copies of the new keeper (crops, other shapes, turned or mirrored copies, mostly flat pictures).</source>
        <translation>
            <numerusform>已取消自动选择标记的 %Ln 张照片：它们不是新保留照片的普通副本（裁剪过、形状不同、旋转或镜像、大面积单一色调）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>The kept copy changed; unmarked, as no plain copies of the new one: %Ln photo(s) (crops, other shapes, turned or mirrored copies, mostly flat pictures).</source>
        <translation>
            <numerusform>保留的照片已更换；以下照片不是新保留照片的普通副本，已取消标记：%Ln 张（裁剪过、形状不同、旋转或镜像、大面积单一色调）。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+56"/>
        <source>These photos have identical bytes: they are copies of one file.</source>
        <translation>这些照片的字节完全相同：它们是同一个文件的副本。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not duplicates: %1 will not be grouped together again.</source>
        <translation>并非重复：%1不会再被分到同一组。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Files with identical bytes stay together.</source>
        <translation>字节完全相同的文件仍在同一组。</translation>
    </message>
    <message>
        <location line="+116"/>
        <source>“%1” is in a protected folder and is never marked for the trash.</source>
        <translation>“%1”位于受保护的文件夹中，永远不会被标记为移到回收站。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot mark every photo of a group: at least one copy is always kept.</source>
        <translation>不能标记组内的所有照片：始终至少保留一份副本。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“%1” has %2 and only the first was compared: its last copy is never marked for the trash.</source>
        <translation>“%1”有 %2，只比较了第一帧（页）：它的最后一份副本永远不会被标记删除。</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Groups (%1)</source>
        <translation>分组（%1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Marked for the trash: %1 · %2</source>
        <translation>已标记移到回收站：%1 · %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing marked yet</source>
        <translation>尚未标记任何照片</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>No duplicate photos found</source>
        <translation>未找到重复照片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No scan yet</source>
        <translation>尚未扫描</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Exact copies</source>
        <translation>完全相同的副本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Similar photos</source>
        <translation>相似照片</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Group %1 of %2 · %3</source>
        <translation>第 %1 组，共 %2 组 · %3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 · %2 in all · marking %3 frees %4</source>
        <translation>%1 · 共 %2 · 标记 %3可释放 %4</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 · %2 in all · keeping one copy frees %3</source>
        <translation>%1 · 共 %2 · 只保留一份可释放 %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 · %2 in all · nothing proposed for the trash: look first</source>
        <translation>%1 · 共 %2 · 未建议移到回收站：请先查看</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%Ln photo(s)</source>
        <translation>
            <numerusform>%Ln 张照片</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+103"/>
        <source>Not plain copies of the kept one among the marks: %Ln photo(s) (crops, other shapes, turned or mirrored copies, mostly flat pictures, other fine detail): look before sending them to the trash.</source>
        <translation>
            <numerusform>已标记的照片中有 %Ln 张不是保留照片的普通副本（裁剪过、形状不同、旋转或镜像、大面积单一色调、细节不同）：移到回收站前请先查看。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Unmark this group</source>
        <translation>取消标记此组</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Unmark</source>
        <translation>取消标记</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mark for trash</source>
        <translation>标记为移到回收站</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keep this photo</source>
        <translation>保留此照片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
</context>
<context>
    <name>ScanPanel</name>
    <message>
        <location filename="../../dupviewer/ui/scan_panel.py" line="+59"/>
        <source>Add a folder to scan</source>
        <translation>添加要扫描的文件夹</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Tick a folder to protect it: its photos can be kept but are never marked.</source>
        <translation>勾选文件夹即可保护它：其中的照片可以保留，但永远不会被标记。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a folder to scan (you can also drop folders here)</source>
        <translation>添加要扫描的文件夹（也可以将文件夹拖放到这里）</translation>
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
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Copies that look the same (distance 0), also re-saved, resized, converted or turned ones. Files with identical bytes are labelled exact copies in any setting.</source>
        <translation>看起来相同的副本（距离 0），包括重新保存、缩放、转换格式或旋转的副本。字节完全相同的文件在任何设置下都标为“完全相同”。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Find rotated and mirrored copies</source>
        <translation>查找旋转和镜像的副本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find cropped copies</source>
        <translation>查找裁剪过的副本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. *.gif; Screenshots/*</source>
        <translation>例如 *.gif; Screenshots/*</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Patterns of names or paths to skip, separated by semicolons</source>
        <translation>要跳过的文件名或路径模式，用分号分隔</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Similarity:</source>
        <translation>相似度：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distance:</source>
        <translation>距离阈值：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Method:</source>
        <translation>哈希算法：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Skip:</source>
        <translation>跳过：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Same picture</source>
        <translation>同一张照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Near-identical</source>
        <translation>几乎相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Similar (recommended)</source>
        <translation>相似（推荐）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loose</source>
        <translation>宽松</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>≤ %1 / 64</source>
        <translation>≤ %1 / 64</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Photos differing in at most %1 of 64 hash bits are grouped</source>
        <translation>64 位哈希值中最多相差 %1 位的照片会被分为一组</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>%1
Tick to protect: photos here are never marked for removal.</source>
        <translation>%1
勾选即可保护：此处的照片永远不会被标记为移除。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>No recent folders</source>
        <translation>没有最近使用的文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear list</source>
        <translation>清除列表</translation>
    </message>
</context>
<context>
    <name>TrashController</name>
    <message>
        <location filename="../../dupviewer/ui/trash_controller.py" line="+55"/>
        <source>Send to trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send the marked photos to the trash?</source>
        <translation>要将标记的照片移到回收站吗？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Photos: %1
Size: %2

They can be restored from the trash.</source>
        <translation>照片：%1
大小：%2

之后可以从回收站还原这些照片。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Send to Trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>No trash on this drive</source>
        <translation>此驱动器上没有回收站</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Leave them where they are, move them to a recovery folder on the same drive (you can put them back later), or delete them permanently?</source>
        <translation>要将它们留在原处、移到同一驱动器上的恢复文件夹（以后可以放回原处），还是永久删除？</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Leave Them</source>
        <translation>留在原处</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Move to Recovery Folder…</source>
        <translation>移到恢复文件夹…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Delete Permanently…</source>
        <translation>永久删除…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Recovery folder</source>
        <translation>恢复文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder on the same drive (created if needed):</source>
        <translation>同一驱动器上的文件夹（如不存在会自动创建）：</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Delete permanently</source>
        <translation>永久删除</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../dupviewer/ui/menus.py" line="+123"/>
        <source>&amp;Add Folder…</source>
        <translation>添加文件夹(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Scan</source>
        <translation>扫描(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scan the folders for duplicate photos (F5)</source>
        <translation>在文件夹中扫描重复照片 (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel Scan</source>
        <translation>取消扫描(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find Copies of Photos…</source>
        <translation>查找照片的副本(&amp;F)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Look for copies of chosen photos in the folders to scan</source>
        <translation>在要扫描的文件夹中查找所选照片的副本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
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
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Auto-Select</source>
        <translation>自动选择(&amp;A)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mark every copy except the best one of each group, by the keep rules (crops, other shapes, turned or mirrored copies and mostly flat pictures are left for you to look at)</source>
        <translation>按保留规则标记每组中除最佳副本外的所有副本（裁剪过的、形状不同的、旋转或镜像的和大面积单一色调的照片留给你查看）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>C&amp;lear Marks</source>
        <translation>清除标记(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keep Rules…</source>
        <translation>保留规则(&amp;K)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Forget “Not Duplicates” Decisions…</source>
        <translation>忘记“并非重复”的决定(&amp;F)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Let photos you marked as not duplicates be grouped again</source>
        <translation>让你标为“并非重复”的照片可以再次分到同一组</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send Marked to &amp;Trash</source>
        <translation>将标记的照片移到回收站(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the marked photos to the trash (Ctrl+Del)</source>
        <translation>将标记的照片移到回收站 (Ctrl+Del)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Put Back Last Removal</source>
        <translation>放回上次移除的照片(&amp;P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Move the photos of the last removal back from the trash (Ctrl+Z)</source>
        <translation>把上次移除的照片从回收站移回原处 (Ctrl+Z)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>La&amp;rger Thumbnails</source>
        <translation>放大缩略图(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;maller Thumbnails</source>
        <translation>缩小缩略图(&amp;M)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resize the photo cards (also Ctrl and the mouse wheel)</source>
        <translation>调整照片卡片的大小（也可按住 Ctrl 滚动鼠标滚轮）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About dupviewer</source>
        <translation>关于 dupviewer(&amp;A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Selection</source>
        <translation>选择(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language (after restart)</source>
        <translation>语言（重启后生效）(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>System Language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
</context>
<context>
    <name>_FrameTexts</name>
    <message numerus="yes">
        <location filename="../../dupviewer/ui/review/photo_model.py" line="-25"/>
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n 页</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n frame(s)</source>
        <translation>
            <numerusform>%n 帧</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_PluralTexts</name>
    <message numerus="yes">
        <location filename="../../dupviewer/ui/trash_controller.py" line="-61"/>
        <source>The drive %1 has no usable trash, so %Ln photo(s) could not be moved there.</source>
        <translation>
            <numerusform>驱动器 %1 上没有可用的回收站，因此有 %Ln 张照片无法移到回收站。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Delete %Ln photo(s) on %1 permanently? This cannot be undone.</source>
        <translation>
            <numerusform>要永久删除 %1 上的 %Ln 张照片吗？此操作无法撤销。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../dupviewer/ui/app.py" line="+173"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Something went wrong. Your photos were not changed by this error.</source>
        <translation>出现了问题。此错误没有改动你的任何照片。</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Folder not found</source>
        <translation>找不到文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These folders do not exist:</source>
        <translation>以下文件夹不存在：</translation>
    </message>
</context>
<context>
    <name>export</name>
    <message>
        <location filename="../../dupviewer/ui/export.py" line="+42"/>
        <source>Export as CSV</source>
        <translation>导出为 CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export as JSON</source>
        <translation>导出为 JSON</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location line="+39"/>
        <location line="+13"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>%1 is an image: the export was not written over it.</source>
        <translation>%1 是图片：导出没有覆盖它。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Could not write %1:
%2</source>
        <translation>无法写入 %1：
%2</translation>
    </message>
</context>
<context>
    <name>words</name>
    <message>
        <location filename="../../dupviewer/ui/words.py" line="+25"/>
        <source>Finding photos</source>
        <translation>正在查找照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Analysing photos</source>
        <translation>正在分析照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grouping look-alikes</source>
        <translation>正在将相似照片分组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Working</source>
        <translation>正在处理</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folder not readable</source>
        <translation>无法读取文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Link loop</source>
        <translation>符号链接循环</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changed or gone during scan</source>
        <translation>扫描期间已更改或消失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not an image</source>
        <translation>不是图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Damaged image</source>
        <translation>图片已损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image too large</source>
        <translation>图片过大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decoder crashed</source>
        <translation>解码器崩溃</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other problem</source>
        <translation>其他问题</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not an image</source>
        <translation>不是图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image file is truncated</source>
        <translation>图片文件不完整（被截断）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image data is damaged</source>
        <translation>图片数据已损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image header is invalid</source>
        <translation>图片文件头无效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image has no pixels</source>
        <translation>图片没有像素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>image is too large to decode safely</source>
        <translation>图片太大，无法安全解码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not enough memory to decode the image</source>
        <translation>内存不足，无法解码该图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not enough memory</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the image decoder crashed on this file</source>
        <translation>图片解码器在此文件上崩溃</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>permission denied</source>
        <translation>没有访问权限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such file or folder</source>
        <translation>文件或文件夹不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no such file or directory</source>
        <translation>文件或文件夹不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file disappeared before it could be read</source>
        <translation>文件在读取前已消失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file disappeared during the scan</source>
        <translation>文件在扫描过程中消失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>folder disappeared during the scan</source>
        <translation>文件夹在扫描过程中消失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file changed while it was being read</source>
        <translation>文件在读取过程中被修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is a folder, not a file</source>
        <translation>这是文件夹，不是文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>is a folder, not an image file</source>
        <translation>这是文件夹，不是图片文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>broken symbolic link</source>
        <translation>符号链接已失效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>symbolic link loop</source>
        <translation>符号链接循环</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>link points to a folder that contains it; not followed</source>
        <translation>链接指向包含它的文件夹，未跟随</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled before it was read</source>
        <translation>读取前已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dupviewer&apos;s recovery folder (removed copies to put back): not scanned</source>
        <translation>dupviewer 的恢复文件夹（存放可放回的已移除副本）：不扫描</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>inside dupviewer&apos;s recovery folder (removed copies to put back): not scanned; put the files back first</source>
        <translation>位于 dupviewer 的恢复文件夹内（存放可放回的已移除副本）：不扫描；请先把文件放回</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a trash folder or inside one: not scanned, so a copy in the trash is never kept in place of a live photo; restore the files first</source>
        <translation>是回收站文件夹或位于其中：不扫描，以免保留回收站里的副本而移除正在使用的照片；请先还原文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>not a regular file (named pipe): not scanned</source>
        <translation>不是普通文件（命名管道）：不扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a regular file (socket): not scanned</source>
        <translation>不是普通文件（套接字）：不扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a regular file (character device): not scanned</source>
        <translation>不是普通文件（字符设备）：不扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a regular file (block device): not scanned</source>
        <translation>不是普通文件（块设备）：不扫描</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not a regular file (special file): not scanned</source>
        <translation>不是普通文件（特殊文件）：不扫描</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>not an image (the content is not %1 or any supported format)</source>
        <translation>不是图片（内容不是 %1，也不是任何支持的格式）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>image is damaged or cut short (it starts like a %1 file)</source>
        <translation>图片已损坏或被截断（开头像 %1 文件）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>image is too large (%1 x %2 pixels, %3 MP)</source>
        <translation>图片太大（%1 × %2 像素，%3 百万像素）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>file is too large to read (%1; the limit is %2)</source>
        <translation>文件太大，无法读取（%1；上限为 %2）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>image is damaged (%1)</source>
        <translation>图片已损坏（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>could not be read (%1)</source>
        <translation>无法读取（%1）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not in any group</source>
        <translation>不在任何组中</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+98"/>
        <source>In a protected folder</source>
        <translation>位于受保护的文件夹中</translation>
    </message>
    <message>
        <location line="-97"/>
        <source>Has frames or pages no other copy holds</source>
        <translation>含有其他副本没有的帧或页</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last copy of its group: kept</source>
        <translation>组内最后一份副本：已保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The kept copy is missing</source>
        <translation>保留的副本已不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The kept copy changed since the scan</source>
        <translation>保留的副本在扫描后已更改</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The kept copy is in the trash or a recovery folder</source>
        <translation>保留的副本在回收站或恢复文件夹中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>File no longer there</source>
        <translation>文件已不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File changed since the scan</source>
        <translation>文件在扫描后已更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File content changed since the scan</source>
        <translation>文件内容在扫描后已更改</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot verify the file&apos;s content</source>
        <translation>无法校验文件内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No longer a regular file</source>
        <translation>已不是普通文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File not readable</source>
        <translation>无法读取文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Same file as the kept copy</source>
        <translation>与保留的副本是同一个文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No trash on this drive</source>
        <translation>此驱动器上没有回收站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Permanent deletion not confirmed</source>
        <translation>未确认永久删除</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recovery folder not usable</source>
        <translation>恢复文件夹不可用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Removal log cannot be written</source>
        <translation>无法写入移除日志</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The trash reported an error</source>
        <translation>回收站报告了错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The trash did not move the file</source>
        <translation>回收站未能移动该文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not move the file</source>
        <translation>无法移动该文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+4"/>
        <source>Not moved</source>
        <translation>未移动</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Kept copy</source>
        <translation>保留的副本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo looked up</source>
        <translation>要查找的照片</translation>
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
        <translation>镜像</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Flipped</source>
        <translation>翻转</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <location line="+13"/>
        <source>Cropped</source>
        <translation>裁剪</translation>
    </message>
    <message>
        <location line="-12"/>
        <location line="+10"/>
        <source>Uncropped</source>
        <translation>未裁剪</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Rotated %1°</source>
        <translation>旋转 %1°</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Perceptual hash (pHash, best)</source>
        <translation>感知哈希（pHash，效果最好）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference hash (dHash)</source>
        <translation>差异哈希（dHash）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average hash (aHash, fastest)</source>
        <translation>均值哈希（aHash，速度最快）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wavelet hash (wHash)</source>
        <translation>小波哈希（wHash）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Highest resolution</source>
        <translation>分辨率最高</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest file</source>
        <translation>文件最大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preferred format</source>
        <translation>首选格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest date taken</source>
        <translation>拍摄日期最早</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oldest modification time</source>
        <translation>修改时间最早</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shortest path</source>
        <translation>路径最短</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
</context>
</TS>

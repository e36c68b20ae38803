<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>FindDialog</name>
    <message numerus="yes">
        <location filename="../../dupviewer/ui/find_view.py" line="+483"/>
        <source>Copies found for %1 of %Ln photo(s).</source>
        <translation>
            <numerusform>Copies found for %1 of %Ln photo.</numerusform>
            <numerusform>Copies found for %1 of %Ln photos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+33"/>
        <source>%Ln file(s) of the library could not be read.</source>
        <translation>
            <numerusform>%Ln file of the library could not be read.</numerusform>
            <numerusform>%Ln files of the library could not be read.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+30"/>
        <source>Moved to trash: %Ln photo(s) (%1).</source>
        <translation>
            <numerusform>Moved to trash: %Ln photo (%1).</numerusform>
            <numerusform>Moved to trash: %Ln photos (%1).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GroupModel</name>
    <message numerus="yes">
        <location filename="../../dupviewer/ui/review/group_model.py" line="+59"/>
        <source>%1 — %Ln photo(s), %2</source>
        <translation>
            <numerusform>%1 — %Ln photo, %2</numerusform>
            <numerusform>%1 — %Ln photos, %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+31"/>
        <source>%Ln photo(s) · %1</source>
        <translation>
            <numerusform>%Ln photo · %1</numerusform>
            <numerusform>%Ln photos · %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../dupviewer/ui/main_window.py" line="+230"/>
        <source>Press Scan to look for duplicates in the %Ln folder(s) on the left, or add more (drop them on this window).</source>
        <translation>
            <numerusform>Press Scan to look for duplicates in the %Ln folder on the left, or add more (drop them on this window).</numerusform>
            <numerusform>Press Scan to look for duplicates in the %Ln folders on the left, or add more (drop them on this window).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+251"/>
        <source>%Ln file(s) could not be used: View &gt; Problems.</source>
        <translation>
            <numerusform>%Ln file could not be used: View &gt; Problems.</numerusform>
            <numerusform>%Ln files could not be used: View &gt; Problems.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+55"/>
        <source>Unmarked %Ln photo(s) Auto-select had marked that the new groups leave to you (crops, other shapes, turned or mirrored copies, mostly flat pictures): look before marking.</source>
        <translation>
            <numerusform>Unmarked %Ln photo Auto-select had marked that the new groups leave to you (crops, other shapes, turned or mirrored copies, mostly flat pictures): look before marking.</numerusform>
            <numerusform>Unmarked %Ln photos Auto-select had marked that the new groups leave to you (crops, other shapes, turned or mirrored copies, mostly flat pictures): look before marking.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+45"/>
        <source>Photos you kept apart (%Ln pair(s)) can be grouped again. No file is touched.</source>
        <translation>
            <numerusform>Photos you kept apart (%Ln pair) can be grouped again. No file is touched.</numerusform>
            <numerusform>Photos you kept apart (%Ln pairs) can be grouped again. No file is touched.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+101"/>
        <source>Putting back %Ln photo(s)…</source>
        <translation>
            <numerusform>Putting back %Ln photo…</numerusform>
            <numerusform>Putting back %Ln photos…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+35"/>
        <source>Back where they were: %Ln photo(s). Scan again to see their groups.</source>
        <translation>
            <numerusform>Back where they were: %Ln photo. Scan again to see their groups.</numerusform>
            <numerusform>Back where they were: %Ln photos. Scan again to see their groups.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Put back %Ln photo(s). Scan again to see their groups.</source>
        <translation>
            <numerusform>Put back %Ln photo. Scan again to see their groups.</numerusform>
            <numerusform>Put back %Ln photos. Scan again to see their groups.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+99"/>
        <source>Moved to trash: %Ln photo(s) (%1).</source>
        <translation>
            <numerusform>Moved to trash: %Ln photo (%1).</numerusform>
            <numerusform>Moved to trash: %Ln photos (%1).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Of these, deleted permanently: %Ln.</source>
        <translation>
            <numerusform>Of these, deleted permanently: %Ln.</numerusform>
            <numerusform>Of these, deleted permanently: %Ln.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewWidget</name>
    <message numerus="yes">
        <location filename="../../dupviewer/ui/review/widget.py" line="+366"/>
        <source>%Ln photo(s) left unmarked (crops, other shapes, turned or mirrored copies, mostly flat pictures): look before marking.</source>
        <translation>
            <numerusform>%Ln photo left unmarked (crops, other shapes, turned or mirrored copies, mostly flat pictures): look before marking.</numerusform>
            <numerusform>%Ln photos left unmarked (crops, other shapes, turned or mirrored copies, mostly flat pictures): look before marking.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>The photo you chose to keep stays kept in %n group(s).</source>
        <translation>
            <numerusform>The photo you chose to keep stays kept in %n group.</numerusform>
            <numerusform>The photo you chose to keep stays kept in %n groups.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+62"/>
        <source>Could not look closer at the marked photos: unmarked %Ln photo(s) Auto-select had marked; look before marking.</source>
        <translation>
            <numerusform>Could not look closer at the marked photos: unmarked %Ln photo Auto-select had marked; look before marking.</numerusform>
            <numerusform>Could not look closer at the marked photos: unmarked %Ln photos Auto-select had marked; look before marking.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>Looked closer and unmarked %Ln photo(s) whose fine detail differs from the kept copy (other text, a mark, another moment): look before marking.</source>
        <translation>
            <numerusform>Looked closer and unmarked %Ln photo whose fine detail differs from the kept copy (other text, a mark, another moment): look before marking.</numerusform>
            <numerusform>Looked closer and unmarked %Ln photos whose fine detail differs from the kept copy (other text, a mark, another moment): look before marking.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+122"/>
        <source>Unmarked %Ln photo(s) Auto-select had marked: not plain copies of the new keeper (crops, other shapes, turned or mirrored copies, mostly flat pictures).</source>
        <translation>
            <numerusform>Unmarked %Ln photo Auto-select had marked: not plain copies of the new keeper (crops, other shapes, turned or mirrored copies, mostly flat pictures).</numerusform>
            <numerusform>Unmarked %Ln photos Auto-select had marked: not plain copies of the new keeper (crops, other shapes, turned or mirrored copies, mostly flat pictures).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>The kept copy changed; unmarked, as no plain copies of the new one: %Ln photo(s) (crops, other shapes, turned or mirrored copies, mostly flat pictures).</source>
        <translation>
            <numerusform>The kept copy changed; unmarked, as no plain copies of the new one: %Ln photo (crops, other shapes, turned or mirrored copies, mostly flat pictures).</numerusform>
            <numerusform>The kept copy changed; unmarked, as no plain copies of the new one: %Ln photos (crops, other shapes, turned or mirrored copies, mostly flat pictures).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+297"/>
        <source>%Ln photo(s)</source>
        <translation>
            <numerusform>%Ln photo</numerusform>
            <numerusform>%Ln photos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+103"/>
        <source>Not plain copies of the kept one among the marks: %Ln photo(s) (crops, other shapes, turned or mirrored copies, mostly flat pictures, other fine detail): look before sending them to the trash.</source>
        <translation>
            <numerusform>Not plain copies of the kept one among the marks: %Ln photo (crops, other shapes, turned or mirrored copies, mostly flat pictures, other fine detail): look before sending them to the trash.</numerusform>
            <numerusform>Not plain copies of the kept one among the marks: %Ln photos (crops, other shapes, turned or mirrored copies, mostly flat pictures, other fine detail): look before sending them to the trash.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_FrameTexts</name>
    <message numerus="yes">
        <location filename="../../dupviewer/ui/review/photo_model.py" line="+337"/>
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n page</numerusform>
            <numerusform>%n pages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n frame(s)</source>
        <translation>
            <numerusform>%n frame</numerusform>
            <numerusform>%n frames</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_PluralTexts</name>
    <message numerus="yes">
        <location filename="../../dupviewer/ui/trash_controller.py" line="+83"/>
        <source>The drive %1 has no usable trash, so %Ln photo(s) could not be moved there.</source>
        <translation>
            <numerusform>The drive %1 has no usable trash, so %Ln photo could not be moved there.</numerusform>
            <numerusform>The drive %1 has no usable trash, so %Ln photos could not be moved there.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Delete %Ln photo(s) on %1 permanently? This cannot be undone.</source>
        <translation>
            <numerusform>Delete %Ln photo on %1 permanently? This cannot be undone.</numerusform>
            <numerusform>Delete %Ln photos on %1 permanently? This cannot be undone.</numerusform>
        </translation>
    </message>
</context>
</TS>

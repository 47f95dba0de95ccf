"""Messages of files that cannot be read as a blueprint (BP000)."""

EN = {
    "load.tag": "YAML tag {tag} is not allowed in a blueprint",
    "load.second_document": "a blueprint file holds one YAML document, found a second",
    "load.too_deep": "nesting deeper than {depth} levels",
    "load.unknown_alias": "unknown alias *{anchor}",
    "load.alias_bomb": "aliases expand to more than {limit} nodes (an alias bomb?)",
    "load.key_not_text": "mapping keys must be plain text, not lists or mappings",
    "load.duplicate_key": "duplicate key '{key}' (first at line {first})",
    "load.bad_core_tag": "'{text}' is not a valid !!{kind}",
    "load.not_utf8": "not valid UTF-8 (byte 0x{byte}); save the file as UTF-8",
    "load.bad_character": "invalid character: {reason}",
    "load.tab": "invalid YAML: a tab character; YAML is indented with spaces",
    "load.folder": "is a folder, not a file",
    "load.too_large": "file larger than {mb} MB; refusing to read it",
    "load.binary": "binary file (contains NUL bytes), not a YAML blueprint",
    "load.empty": "empty file: a blueprint starts with 'blueprint: 1'",
    "load.top_list": "the top level is a list; a blueprint is a mapping starting with 'blueprint: 1'",
    "load.top_value": (
        "the top level is a single value; a blueprint is a mapping starting with 'blueprint: 1'"
    ),
    "load.no_version": "not a blueprint: the format version 'blueprint: 1' is missing",
    "load.newer": "format version {version} is newer than this tool reads ({supported}); upgrade blueprint",
    "load.unsupported": "unsupported format version {version}; this tool reads version 1",
}

ZH_TW = {
    "load.tag": "藍圖中不允許使用 YAML 標籤 {tag}",
    "load.second_document": "一個藍圖檔案只能有一份 YAML 文件，這裡出現了第二份",
    "load.too_deep": "巢狀層數超過 {depth} 層",
    "load.unknown_alias": "未定義的別名 *{anchor}",
    "load.alias_bomb": "別名展開後超過 {limit} 個節點（疑似別名炸彈）",
    "load.key_not_text": "對應表的鍵必須是純文字，不能是清單或對應表",
    "load.duplicate_key": "重複的鍵 '{key}'（第一次出現在第 {first} 行）",
    "load.bad_core_tag": "'{text}' 不是有效的 !!{kind}",
    "load.not_utf8": "不是有效的 UTF-8（位元組 0x{byte}）；請以 UTF-8 儲存檔案",
    "load.bad_character": "無效的字元：{reason}",
    "load.tab": "無效的 YAML：出現 Tab 字元；YAML 必須以空白縮排",
    "load.folder": "這是資料夾，不是檔案",
    "load.too_large": "檔案大於 {mb} MB，拒絕讀取",
    "load.binary": "二進位檔案（含 NUL 位元組），不是 YAML 藍圖",
    "load.empty": "空白檔案：藍圖以 'blueprint: 1' 開頭",
    "load.top_list": "最上層是清單；藍圖應是以 'blueprint: 1' 開頭的對應表",
    "load.top_value": "最上層是單一值；藍圖應是以 'blueprint: 1' 開頭的對應表",
    "load.no_version": "不是藍圖：缺少格式版本 'blueprint: 1'",
    "load.newer": "格式版本 {version} 比本工具能讀的版本（{supported}）新；請更新 blueprint",
    "load.unsupported": "不支援的格式版本 {version}；本工具讀取版本 1",
}

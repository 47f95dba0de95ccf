"""Messages of the documentation plugins (MkDocs and Sphinx): option errors and notes in pages."""

EN = {
    "docs.option.unknown": "unknown option '{name}' in a blueprint block (known: {known})",
    "docs.option.view": "view must be one of {choices}, not '{value}'",
    "docs.option.top": "top must be a whole number of at least 1, not '{value}'",
    "docs.option.fit": "fit must be 'width' or 'none', not '{value}'",
    "docs.option.lang": "lang must be one of {choices}, not '{value}'",
    "docs.option.today": "today must be a date (YYYY-MM-DD), not '{value}'",
    "docs.option.section": "section must be one of {choices}, not '{value}'",
    "docs.option.line": "a blueprint block's options are 'name: value' lines, not '{text}'",
    "docs.nothing": "a blueprint block needs a file path or the blueprint's YAML",
    "docs.both": "a blueprint block holds either a path or the YAML, not both",
    "docs.missing": "no such blueprint file: {path}",
    "docs.unusable": "cannot draw this blueprint: {error}",
    "docs.phase": "unknown phase '{phase}' (the blueprint has: {known})",
    "docs.none": "none",
}

ZH_TW = {
    "docs.option.unknown": "blueprint 區塊中有未知選項「{name}」（可用：{known}）",
    "docs.option.view": "view 必須是 {choices} 之一，而不是「{value}」",
    "docs.option.top": "top 必須是至少為 1 的整數，而不是「{value}」",
    "docs.option.fit": "fit 必須是「width」或「none」，而不是「{value}」",
    "docs.option.lang": "lang 必須是 {choices} 之一，而不是「{value}」",
    "docs.option.today": "today 必須是日期（YYYY-MM-DD），而不是「{value}」",
    "docs.option.section": "section 必須是 {choices} 之一，而不是「{value}」",
    "docs.option.line": "blueprint 區塊的選項須為「名稱: 值」形式，而不是「{text}」",
    "docs.nothing": "blueprint 區塊需要檔案路徑或藍圖的 YAML",
    "docs.both": "blueprint 區塊只能放路徑或 YAML，不能兩者都有",
    "docs.missing": "找不到藍圖檔案：{path}",
    "docs.unusable": "無法繪製此藍圖：{error}",
    "docs.phase": "未知的階段「{phase}」（藍圖中有：{known}）",
    "docs.none": "無",
}

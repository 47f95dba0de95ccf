"""Messages shared by every command: lanes, lines, summaries."""

EN = {
    "lane.evidence": "Physical evidence",
    "lane.customer": "Customer actions",
    "lane.frontstage": "Frontstage",
    "lane.backstage": "Backstage",
    "lane.support": "Support processes",
    "line.interaction": "Line of interaction",
    "line.visibility": "Line of visibility",
    "line.internal": "Line of internal interaction",
    "check.summary.clean": "{files} checked: no problems",
    "check.summary": "{files} checked: {errors}, {warnings}",
    "count.files": "{n} file|{n} files",
    "count.errors": "{n} error|{n} errors",
    "count.warnings": "{n} warning|{n} warnings",
    "check.unreadable": "{n} unreadable",
}

ZH_TW = {
    "lane.evidence": "實體證據",
    "lane.customer": "顧客行為",
    "lane.frontstage": "前台",
    "lane.backstage": "後台",
    "lane.support": "支援流程",
    "line.interaction": "互動線",
    "line.visibility": "可視線",
    "line.internal": "內部互動線",
    "check.summary.clean": "已檢查 {files}：沒有問題",
    "check.summary": "已檢查 {files}：{errors}、{warnings}",
    "count.files": "{n} 個檔案|{n} 個檔案",
    "count.errors": "{n} 個錯誤|{n} 個錯誤",
    "count.warnings": "{n} 個警告|{n} 個警告",
    "check.unreadable": "{n} 個無法讀取",
}

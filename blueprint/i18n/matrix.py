"""Messages of the risk matrix (``fmea --matrix``, the report's section, the docs view)."""

EN = {
    "matrix.heading": "Risk matrix: {title}",
    "matrix.corner": "S \\ O",
    "matrix.note": "Failure chains by severity (rows, 10 to 1) and occurrence (columns, 1 to 10): "
    "{chains} in all; each cell shows its count and the highest action priority it holds.",
    "matrix.cell": "{n} at severity {s}, occurrence {o}; highest AP {ap}",
}

ZH_TW = {
    "matrix.heading": "風險矩陣：{title}",
    "matrix.corner": "嚴重度 \\ 發生度",
    "matrix.note": "失效鏈依嚴重度（列，10 至 1）與發生度（欄，1 至 10）分布：共 {chains} 條；"
    "每格顯示條數及其中最高的行動優先度。",
    "matrix.cell": "嚴重度 {s}、發生度 {o}：{n} 條；最高 AP {ap}",
}

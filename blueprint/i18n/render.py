"""Messages of ``blueprint render``: diagram labels, legend, command output."""

EN = {
    "render.legend": "Legend",
    "render.ap.H": "H  high action priority",
    "render.ap.M": "M  medium action priority",
    "render.ap.L": "L  low action priority",
    "render.no_failure": "no failure mode",
    "render.fail_point": "fail point",
    "render.failures": "{n} failure modes",
    "render.residual": "after done actions",
    "render.wait": "wait {expected} > {tolerance}",
    "render.wait_point": "wait point: expected > tolerance",
    "render.felt": "felt: {ap}",
    "render.felt_legend": "felt here: failures of other steps",
    "render.refs_legend": "failure number, as in the FMEA table",
    "render.used_by": "⇡ used by {n} steps",
    "render.shared_tip": "shared, from {file}",
    "render.shared_legend": "shared system, from an included file",
    "render.used_by_list": "used by {n} steps: {steps}",
    "render.profile": "AP profile: {profile}",
    "render.version": "version {version}",
    "render.page": "page {page} of {pages}: {phases}",
    "render.page.bare": "page {page} of {pages}",
    "render.page.list": "page {page} of {pages}: failures {refs}",
    "render.listed": (
        "the numbered failures do not fit beside the drawings on {page} pages with text of {size} pt "
        "or more: listed on {pages} page(s) of their own, at the end"
    ),
    "render.split": (
        "the diagram does not fit one {page} page with text of {size} pt or more: "
        "split by phase into {pages} pages"
    ),
    "render.nosplit": (
        "the diagram does not fit one {page} page with text of {size} pt or more, "
        "and it has no phases to split by"
    ),
    "render.flow": "flow",
    "render.uses": "dependency (supports)",
    "render.emotion": "Customer emotion",
    "render.emotion_scale": "emotion −2 … +2",
    "render.no_phase": "(no phase)",
    "render.lane.support_all": "Support, all phases",
    "render.customer": "Customer: {customer}",
    "render.wrote": "wrote {path}",
    "render.error.no_phase": "no phase '{phase}' in {path} (phases: {choices})",
    "render.error.no_phases": "the blueprint has no phases",
    "render.error.nothing": "nothing to draw: no step of {path} is in the chosen phases and lanes",
    "render.error.size": "cannot read the size of the drawing Graphviz made",
    "render.error.no_git": "--date git needs the git program",
    "render.error.git_failed": "cannot run git for --date git",
    "render.error.no_commit": "no git commit has this file, so --date git has no date",
    "render.error.dot_failed": "Graphviz dot failed: {reason}",
    "render.error.dot_exit": "exit status {code}",
    "render.error.dot_timeout": (
        "Graphviz dot took longer than {seconds} s; draw part of the blueprint with --phase or --lane"
    ),
    "render.error.no_dot": (
        "Graphviz 'dot' is not installed, and SVG, PNG and PDF need it: install Graphviz "
        "('apt-get install graphviz', 'brew install graphviz' or https://graphviz.org/download/), "
        "or use --format dot or --format mermaid"
    ),
    "render.error.cannot_run_dot": "cannot run Graphviz dot ({reason}); {hint}",
    "render.error.fit": "a page layout needs --format svg, png or pdf",
    "render.error.binary": "{format} is binary; write it to a file",
    "render.error.font": "a font name cannot contain quotes, <, >, &, ;, braces or backslashes",
}

ZH_TW = {
    "render.legend": "圖例",
    "render.ap.H": "H 高行動優先等級",
    "render.ap.M": "M 中行動優先等級",
    "render.ap.L": "L 低行動優先等級",
    "render.no_failure": "無失效模式",
    "render.fail_point": "失效點",
    "render.failures": "{n} 個失效模式",
    "render.residual": "措施完成後",
    "render.wait": "等候 {expected} > {tolerance}",
    "render.wait_point": "等候點：預期時間 > 容忍時間",
    "render.felt": "感受：{ap}",
    "render.felt_legend": "顧客在此感受到的他處失效",
    "render.refs_legend": "失效編號，同 FMEA 表",
    "render.used_by": "⇡ {n} 個步驟使用",
    "render.shared_tip": "共用，來自 {file}",
    "render.shared_legend": "共用系統（引入的檔案）",
    "render.used_by_list": "{n} 個步驟使用：{steps}",
    "render.profile": "AP 表：{profile}",
    "render.version": "版本 {version}",
    "render.page": "第 {page} 頁，共 {pages} 頁：{phases}",
    "render.page.bare": "第 {page} 頁，共 {pages} 頁",
    "render.page.list": "第 {page} 頁，共 {pages} 頁：失效 {refs}",
    "render.listed": "編號失效清單與圖以 {size} pt 以上的文字無法同放於 {page} 頁面：另列於最後 {pages} 頁",
    "render.split": "以 {size} pt 以上的文字無法放進一頁 {page}：已依階段分成 {pages} 頁",
    "render.nosplit": "以 {size} pt 以上的文字無法放進一頁 {page}，且沒有階段可以分頁",
    "render.flow": "流程",
    "render.uses": "依賴（支援）",
    "render.emotion": "顧客情緒",
    "render.emotion_scale": "情緒 −2 … +2",
    "render.no_phase": "（未分階段）",
    "render.lane.support_all": "支援流程（全部階段）",
    "render.customer": "顧客：{customer}",
    "render.wrote": "已寫入 {path}",
    "render.error.no_phase": "{path} 中沒有階段 '{phase}'（階段：{choices}）",
    "render.error.no_phases": "這份藍圖沒有階段",
    "render.error.nothing": "沒有可繪製的內容：{path} 中沒有任何步驟位於所選的階段與泳道",
    "render.error.size": "無法讀取 Graphviz 產生之圖的尺寸",
    "render.error.no_git": "--date git 需要 git 程式",
    "render.error.git_failed": "無法為 --date git 執行 git",
    "render.error.no_commit": "沒有任何 git 提交包含這個檔案，因此 --date git 沒有日期",
    "render.error.dot_failed": "Graphviz dot 執行失敗：{reason}",
    "render.error.dot_exit": "結束代碼 {code}",
    "render.error.dot_timeout": (
        "Graphviz dot 執行超過 {seconds} 秒；請以 --phase 或 --lane 只繪製藍圖的一部分"
    ),
    "render.error.no_dot": (
        "未安裝 Graphviz 的 'dot'，而 SVG、PNG 與 PDF 需要它：請安裝 Graphviz（'apt-get install graphviz'、"
        "'brew install graphviz' 或 https://graphviz.org/download/），或改用 --format dot 或 --format mermaid"
    ),
    "render.error.cannot_run_dot": "無法執行 Graphviz dot（{reason}）；{hint}",
    "render.error.fit": "頁面版面需要 --format svg、png 或 pdf",
    "render.error.binary": "{format} 是二進位格式；請寫入檔案",
    "render.error.font": "字型名稱不能含有引號、<、>、&、;、大括號或反斜線",
}

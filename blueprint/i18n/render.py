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
    "render.used_by_list": "used by {n} steps: {steps}",
    "render.profile": "AP profile: {profile}",
    "render.version": "version {version}",
    "render.page": "page {page} of {pages}: {phases}",
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
    "render.used_by_list": "{n} 個步驟使用：{steps}",
    "render.profile": "AP 表：{profile}",
    "render.version": "版本 {version}",
    "render.page": "第 {page} 頁，共 {pages} 頁：{phases}",
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
}

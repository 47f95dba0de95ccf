"""Messages of ``blueprint portfolio``: the cross-journey table, its summary and the HTML page."""

EN = {
    "portfolio.heading": "Portfolio of {n} journeys{where} (AP profile: {profile})",
    "portfolio.heading.in": " in {folder}",
    "portfolio.name": "portfolio",
    "portfolio.col.rank": "#",
    "portfolio.col.failure": "Failure",
    "portfolio.col.step": "Step",
    "portfolio.col.file": "File",
    "portfolio.col.journeys": "Journeys",
    "portfolio.col.s": "S",
    "portfolio.col.o": "O",
    "portfolio.col.d": "D",
    "portfolio.col.rpn": "RPN",
    "portfolio.col.ap": "AP",
    "portfolio.col.res": "Res.",
    "portfolio.col.money": "At risk",
    "portfolio.col.money.cur": "At risk\n({cur})",
    "portfolio.more": "… {n} more",
    "portfolio.summary": "{journeys} journeys, {failures} failure modes ({shared} from shared files): "
    "H {h}, M {m}, L {l}.",
    "portfolio.summary.money": "Money at risk: {money}{cur} per year, summed over every failure mode and "
    "the journeys it reaches (an upper bound: one customer can meet several failures).",
    "portfolio.wrote": "wrote {path}",
    "portfolio.error.none": "no journeys in {paths} (shared files are not journeys)",
    "portfolio.error.currency": "the journeys give money in different currencies ({found}); "
    "use one currency to sum them",
    "portfolio.gate": "{n} failure modes at or above AP {level}",
    # the HTML page
    "portfolio.kicker": "Service portfolio and FMEA report",
    "portfolio.title": "Portfolio: {n} journeys",
    "portfolio.section.summary": "Summary",
    "portfolio.section.matrix": "Risk matrix",
    "portfolio.section.failures": "Failure modes across journeys, ranked",
    "portfolio.section.journeys": "Journeys",
    "portfolio.tile.journeys": "Journeys",
    "portfolio.tile.failures": "Failure modes",
    "portfolio.tile.shared": "From shared files",
    "portfolio.tile.money": "Money at risk per year",
    "portfolio.tile.money.cur": "Money at risk per year ({cur})",
    "portfolio.failures.note": "Each failure mode once, ranked by Action Priority, then severity, "
    "then RPN (AP profile {profile}); a failure of a shared step lists every journey it reaches "
    "with the money at risk summed over them.",
    "portfolio.journey.failures": "{n} failure modes",
    "portfolio.journeys.note": "Each journey's diagram numbers its failures as its own table does "
    "(blueprint fmea FILE); the ranking above gives that number beside each journey it reaches.",
    "portfolio.footer": "Portfolio of {files}; AP profile {profile}.",
}

ZH_TW = {
    "portfolio.heading": "{where}{n} 條旅程組合（AP 表：{profile}）",
    "portfolio.heading.in": "{folder} 中的 ",
    "portfolio.name": "旅程組合",
    "portfolio.col.rank": "#",
    "portfolio.col.failure": "失效",
    "portfolio.col.step": "步驟",
    "portfolio.col.file": "檔案",
    "portfolio.col.journeys": "旅程",
    "portfolio.col.s": "S",
    "portfolio.col.o": "O",
    "portfolio.col.d": "D",
    "portfolio.col.rpn": "RPN",
    "portfolio.col.ap": "AP",
    "portfolio.col.res": "殘餘",
    "portfolio.col.money": "風險金額",
    "portfolio.col.money.cur": "風險金額\n({cur})",
    "portfolio.more": "… 另 {n} 條",
    "portfolio.summary": "{journeys} 條旅程，{failures} 個失效模式（{shared} 個來自共用檔）："
    "H {h} 個、M {m} 個、L {l} 個。",
    "portfolio.summary.money": "風險金額：每年 {money}{cur}，為每個失效模式在其影響的各旅程中加總"
    "（上限：同一位顧客可能遇到多個失效）。",
    "portfolio.wrote": "已寫入 {path}",
    "portfolio.error.none": "{paths} 中沒有旅程（共用檔不是旅程）",
    "portfolio.error.currency": "各旅程的金額幣別不同（{found}）；請使用同一幣別才能加總",
    "portfolio.gate": "{n} 個失效模式的 AP 達 {level} 以上",
    "portfolio.kicker": "服務旅程組合與 FMEA 報告",
    "portfolio.title": "旅程組合：{n} 條旅程",
    "portfolio.section.summary": "摘要",
    "portfolio.section.matrix": "風險矩陣",
    "portfolio.section.failures": "跨旅程失效模式排序",
    "portfolio.section.journeys": "各旅程",
    "portfolio.tile.journeys": "旅程",
    "portfolio.tile.failures": "失效模式",
    "portfolio.tile.shared": "來自共用檔",
    "portfolio.tile.money": "每年風險金額",
    "portfolio.tile.money.cur": "每年風險金額（{cur}）",
    "portfolio.failures.note": "每個失效模式只列一次，依行動優先度、嚴重度、RPN 排序（AP 表 {profile}）；"
    "共用步驟的失效列出它影響的每條旅程，風險金額為各旅程加總。",
    "portfolio.journey.failures": "{n} 個失效模式",
    "portfolio.journeys.note": "各旅程的圖以該旅程自己的失效表編號（blueprint fmea FILE）；"
    "上方排序在每條受影響的旅程旁列出該編號。",
    "portfolio.footer": "{files} 的旅程組合；AP 表 {profile}。",
}

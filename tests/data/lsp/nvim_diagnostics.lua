-- Headless Neovim: open a blueprint with editors/neovim/blueprint.lua loaded, wait for the
-- server's diagnostics and write them to $OUT, one "line:col:code:message" per line.
local plugin = dofile(os.getenv("PLUGIN"))
plugin.cmd = vim.split(os.getenv("SERVER"), "\t")
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("FILE")))
local got = vim.wait(30000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
local out = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(out, string.format("%d:%d:%s:%s", d.lnum + 1, d.col + 1, d.code or lsp.code or "", d.message))
end
table.sort(out)
vim.fn.writefile(out, os.getenv("OUT"))
for _, client in ipairs(vim.lsp.get_active_clients()) do
  client.stop()
end
vim.wait(2000, function()
  return #vim.lsp.get_active_clients() == 0
end, 50)
vim.cmd(got and "qall!" or "cquit!")

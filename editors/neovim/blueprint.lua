-- blueprint lsp for Neovim 0.7 to 0.10 (for 0.11+, see docs/editors.md: vim.lsp.config).
-- Put this file in ~/.config/nvim/plugin/ (or require it from init.lua). It starts
-- `blueprint lsp` for every *.blueprint.yaml buffer, one server per project root.
local M = {}

M.cmd = { "blueprint", "lsp" }
M.clients = {}

local function root_of(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  for _, marker in ipairs({ ".blueprint.toml", "pyproject.toml", ".git" }) do
    local found = vim.fn.findfile(marker, dir .. ";")
    if found == "" then
      found = vim.fn.finddir(marker, dir .. ";")
    end
    if found ~= "" then
      return vim.fn.fnamemodify(found, ":p:h")
    end
  end
  return dir
end

function M.attach(bufnr)
  local root = root_of(vim.api.nvim_buf_get_name(bufnr))
  local id = M.clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({ name = "blueprint", cmd = M.cmd, root_dir = root })
    M.clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
  pattern = "*.blueprint.yaml",
  callback = function(args)
    M.attach(args.buf)
  end,
})

return M

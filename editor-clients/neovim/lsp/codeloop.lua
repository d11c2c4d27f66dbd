-- Codeloop for Neovim 0.11+ as a `vim.lsp.config` file (this folder must be on 'runtimepath'):
--
--   vim.lsp.enable('codeloop')
--   -- optional, merged over this file:
--   vim.lsp.config('codeloop', { settings = { codeloop = { completion = { maxLines = 8 } } } })
--
-- The command is the `codeloop` launcher beside $CODELOOP_SERVER_JAR when present, else
-- `java -jar $CODELOOP_SERVER_JAR`, else `codeloop` on PATH. Native inline completion
-- (`vim.lsp.inline_completion`, Neovim 0.12+) is turned on in on_attach where Neovim has it; otherwise the
-- server offers list completion (`vim.lsp.completion.enable` or omnifunc).
local codeloop = require('codeloop')
local cmd, err = codeloop.server_cmd({ server_args = {}, vmargs = {} })

return {
  cmd = cmd or function()
    error('codeloop: ' .. tostring(err))
  end,
  root_markers = { '.codeloop.json', '.git', 'pom.xml', 'build.gradle', 'package.json', 'Cargo.toml', 'go.mod' },
  capabilities = codeloop.capabilities(),
  handlers = codeloop.handlers(),
  init_options = { settings = vim.empty_dict() },
  settings = { codeloop = vim.empty_dict() },
  on_attach = codeloop.on_attach,
}

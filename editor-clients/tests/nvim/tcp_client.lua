-- Neovim as one of several editors on one `--tcp` server (run by tests/node/test/tcp-editors.test.js):
--   CODELOOP_TCP_PORT=... CODELOOP_WS=... nvim --headless -u NONE -i NONE -n -c 'luafile tcp_client.lua'
-- Connects through tests/node/tcp-bridge.js with the plugin's own setup{}, opens Main.java of the shared
-- workspace, and prints one line `RESULT <json>` with what it saw; exits 0 (the caller judges the result).
local script = debug.getinfo(1, 'S').source:sub(2)
local tests = vim.fn.fnamemodify(script, ':p:h:h')
local clients_dir = vim.fn.fnamemodify(tests, ':h')
local out = {}
local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(clients_dir .. '/neovim')
  vim.o.swapfile = false
  local codeloop = require('codeloop')
  codeloop.setup({
    cmd = { 'node', tests .. '/node/tcp-bridge.js', os.getenv('CODELOOP_TCP_PORT') },
    settings = { completion = { debounceMs = 33 } },
  })
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('CODELOOP_WS') .. '/src/main/java/demo/Main.java'))
  local bufnr = vim.api.nvim_get_current_buf()
  local client
  vim.wait(20000, function()
    client = codeloop.get_client(bufnr)
    return client ~= nil and client.initialized
  end, 20)
  out.initialized = client ~= nil and client.initialized or false
  if not out.initialized then
    return
  end
  out.clientName = client.name
  local function request(method, params)
    local done, res, e = false, nil, nil
    client.request(method, params, function(er, r) done, res, e = true, r, er end, bufnr)
    vim.wait(15000, function() return done end, 20)
    return res, e
  end
  local s = request('workspace/executeCommand', { command = 'codeloop.showSettings', arguments = {} })
  out.debounceMs = s and s.settings and s.settings.completion.debounceMs
  out.completionProvider = client.server_capabilities.completionProvider ~= nil
  local line = 12
  vim.api.nvim_buf_set_lines(bufnr, line, line, false, { '    inventory.add' })
  vim.api.nvim_win_set_cursor(0, { line + 1, #'    inventory.add' })
  vim.wait(700, function() return false end, 20)
  local params = vim.lsp.util.make_position_params()
  local labels = {}
  vim.wait(15000, function()
    local r = request('textDocument/completion', params)
    for _, it in ipairs(r and (r.items or r) or {}) do
      table.insert(labels, (it.textEdit and it.textEdit.newText) or it.insertText or it.label)
    end
    return #labels > 0
  end, 500)
  out.completions = labels
  vim.api.nvim_buf_set_option(bufnr, 'modified', false)
  vim.lsp.stop_client(client.id)
  vim.wait(5000, function() return client.is_stopped() end, 20)
end)
if not ok then
  out.error = tostring(err)
end
io.stdout:write('RESULT ' .. vim.fn.json_encode(out) .. '\n')
vim.cmd('qall!')

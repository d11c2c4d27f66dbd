-- Headless Neovim (0.7+) test of editor-clients/neovim against the real Codeloop server jar.
--
--   CODELOOP_JAR=server/target/codeloop.jar \
--     timeout 120 nvim --headless -u NONE -c 'luafile editor-clients/tests/nvim/test_codeloop.lua'
--
-- Starts the server through the plugin's own setup{} + FileType autostart, on a copy of
-- editor-clients/tests/fixtures/workspace. Prints PASS/FAIL/SKIP lines and finally `N passed, N failed`;
-- exits non-zero on any failure. Features the server does not advertise are skipped, never passed.
local passes, failures, skips = 0, 0, 0
local function out(s)
  io.stdout:write(s .. '\n')
end
local function check(name, ok, detail)
  if ok then
    passes = passes + 1
    out('PASS ' .. name)
  else
    failures = failures + 1
    out('FAIL ' .. name .. (detail ~= nil and (' ' .. vim.inspect(detail):gsub('\n%s*', ' ')) or ''))
  end
  return ok
end
local function skip(name, reason)
  skips = skips + 1
  out('SKIP ' .. name .. ': ' .. reason)
end
local function finish()
  out(string.format('%d skipped', skips))
  out(string.format('%d passed, %d failed', passes, failures))
  vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
end

local script = debug.getinfo(1, 'S').source:sub(2)
local clients_dir = vim.fn.fnamemodify(script, ':p:h:h:h') -- editor-clients/
local repo = vim.fn.fnamemodify(clients_dir, ':h')

-- Synchronous request helper; returns result, err.
local function request(client, bufnr, method, params, timeout)
  local done, res, er = false, nil, nil
  client.request(method, params, function(err, result)
    done, res, er = true, result, err
  end, bufnr)
  if not vim.wait(timeout or 10000, function() return done end, 20) then
    return nil, { message = 'timeout waiting for ' .. method }
  end
  return res, er
end

-- Is a completion item a plausible continuation of `line` at `col` given the fixture's text?
local function plausible(item, line, col, vocab, fixture_lines)
  local text = (item.textEdit and item.textEdit.newText) or item.insertText or item.label or ''
  text = vim.split(text, '\n', { plain = true })[1]
  if not text or vim.trim(text) == '' then
    return false
  end
  local start = col
  if item.textEdit and item.textEdit.range then
    start = item.textEdit.range.start.character
  end
  local combined = line:sub(1, start) .. text
  -- the identifier spanning the join, or the first one after it, must occur in the fixture
  local join = start + 1
  for s, word in combined:gmatch('()([%a_][%w_]*)') do
    if s + #word - 1 >= join then
      if vocab[word] then
        return true
      end
      break
    end
  end
  -- or the inserted text itself occurs in the fixture (e.g. "(count);")
  local inserted = vim.trim(text)
  if #inserted >= 2 then
    for _, l in ipairs(fixture_lines) do
      if l:find(inserted, 1, true) then
        return true
      end
    end
  end
  local trimmed = vim.trim(combined)
  for _, l in ipairs(fixture_lines) do
    local t = vim.trim(l)
    if #t > 0 and (vim.startswith(t, trimmed) or vim.startswith(trimmed, t)) then
      return true
    end
  end
  return false
end

local ok, err = pcall(function()
  local jar = os.getenv('CODELOOP_JAR') or 'server/target/codeloop.jar'
  if not vim.startswith(jar, '/') then
    jar = repo .. '/' .. jar
  end
  if not check('server jar exists', vim.loop.fs_stat(jar) ~= nil, jar) then
    return
  end

  -- a private copy of the fixture workspace (the server may index it; the test edits buffers only)
  local ws = vim.fn.tempname() .. '-codeloop-ws'
  vim.fn.mkdir(ws, 'p')
  vim.fn.system({ 'cp', '-R', clients_dir .. '/tests/fixtures/workspace/.', ws })
  local file = ws .. '/src/main/java/demo/Main.java'
  check('fixture copied', vim.fn.filereadable(file) == 1, file)

  local vocab, fixture_lines = {}, {}
  for _, f in ipairs(vim.fn.globpath(ws, 'src/**/*.java', false, true)) do
    for _, l in ipairs(vim.fn.readfile(f)) do
      table.insert(fixture_lines, l)
      for w in l:gmatch('[%a_][%w_]*') do
        vocab[w] = true
      end
    end
  end

  vim.opt.runtimepath:prepend(clients_dir .. '/neovim')
  vim.o.swapfile = false
  local messages, exit_code, exit_signal = {}, nil, nil
  local codeloop = require('codeloop')
  codeloop.setup({
    jar = jar,
    settings = { completion = { debounceMs = 42 }, log = { clientLevel = 'error' } },
    handlers = {
      ['window/showMessage'] = function(_, result)
        table.insert(messages, result)
      end,
    },
    on_exit = function(code, signal)
      exit_code, exit_signal = code, signal
    end,
  })
  check('user commands defined', vim.fn.exists(':CodeloopStats') == 2 and vim.fn.exists(':CodeloopDoctor') == 2
    and vim.fn.exists(':CodeloopAsk') == 2 and vim.fn.exists(':CodeloopSelectModel') == 2)

  -- -u NONE has filetype detection off; turn it on so the plugin's FileType autostart runs for real
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  check('filetype java', vim.bo.filetype == 'java', vim.bo.filetype)

  local client
  check('client attached by autostart', vim.wait(10000, function()
    client = codeloop.get_client(bufnr)
    return client ~= nil
  end, 20))
  if not client then
    return
  end
  check('initialized', vim.wait(30000, function() return client.initialized end, 20))
  check('root_dir is the workspace', client.config.root_dir == ws, client.config.root_dir)
  local caps = client.server_capabilities or {}
  local info = codeloop.server_info(client) or {}
  check('serverInfo.name codeloop', info.name == 'codeloop', info)
  local sync = caps.textDocumentSync
  local change = type(sync) == 'table' and sync.change or sync
  check('incremental sync advertised', change == 2, sync)
  check('executeCommandProvider lists codeloop.showSettings', codeloop.advertises(client, codeloop.commands.show_settings),
    caps.executeCommandProvider)

  -- settings from init_options and the workspace .codeloop.json are in force
  local r, e = request(client, bufnr, 'workspace/executeCommand', { command = 'codeloop.showSettings', arguments = {} })
  local s = r and r.settings or {}
  check('showSettings answers', e == nil and r ~= nil and r.settings ~= nil, e or r)
  check('init_options setting visible (completion.debounceMs = 42)', s.completion and s.completion.debounceMs == 42,
    s.completion)
  check('workspace .codeloop.json visible (completion.maxLines = 8)', s.completion and s.completion.maxLines == 8,
    s.completion)
  check('no settings problem reported at start', #messages == 0, messages)

  -- edits: Neovim must send ranged (incremental) didChange events
  local changes = {}
  local real_notify = client.notify
  client.notify = function(method, params)
    if method == 'textDocument/didChange' then
      table.insert(changes, params)
    end
    return real_notify(method, params)
  end
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local bob
  for i, l in ipairs(lines) do
    if l:find('greeter.greetBob();', 1, true) then
      bob = i
    end
  end
  check('fixture has greetBob line', bob ~= nil)
  bob = bob or 12
  vim.api.nvim_buf_set_lines(bufnr, bob, bob, false, { '    inventory.addCherries(2);', '    int unused = 0;' })
  vim.api.nvim_buf_set_lines(bufnr, bob + 1, bob + 2, false, {}) -- delete "int unused"
  vim.api.nvim_buf_set_text(bufnr, bob, 26, bob, 27, { '4' }) -- addCherries(2) -> addCherries(4)
  vim.api.nvim_buf_set_lines(bufnr, bob + 1, bob + 1, false, { '    inventory.add' })
  local cursor_line = bob + 1 -- 0-based line of "    inventory.add"
  vim.api.nvim_win_set_cursor(0, { cursor_line + 1, #'    inventory.add' })
  local function count()
    local n = 0
    for _, c in ipairs(changes) do
      n = n + #c.contentChanges
    end
    return n
  end
  -- Neovim batches (debounces) edits: 4 edits may arrive as one notification with 4 content changes
  check('didChange sent for the 4 edits', vim.wait(5000, function() return count() >= 4 end, 20), changes)
  local ranged = #changes > 0
  for _, c in ipairs(changes) do
    for _, cc in ipairs(c.contentChanges) do
      ranged = ranged and cc.range ~= nil
    end
  end
  check('didChange events are incremental (ranged)', ranged, changes[1])
  local last_version = #changes > 0 and changes[#changes].textDocument.version
  check('didChange carries the buffer version', last_version == vim.lsp.util.buf_versions[bufnr],
    { sent = last_version, buffer = vim.lsp.util.buf_versions[bufnr] })
  r, e = request(client, bufnr, 'workspace/executeCommand', { command = 'codeloop.showSettings', arguments = {} })
  check('showSettings still answers after edits', e == nil and r and r.settings, e)

  -- a bad setting is reported by name with window/showMessage, the last good value stays in force
  codeloop.update_settings({ completion = { debounceMs = 42, maxLines = 'many' }, log = { clientLevel = 'error' } })
  local named = function()
    for _, m in ipairs(messages) do
      if m.message and m.message:find('completion.maxLines', 1, true) then
        return m
      end
    end
  end
  check('bad setting -> showMessage naming completion.maxLines', vim.wait(10000, function() return named() ~= nil end, 20),
    messages)
  local m = named()
  check('showMessage type is warning or error', m and (m.type == 1 or m.type == 2), m)
  codeloop.update_settings({ completion = { debounceMs = 43 }, log = { clientLevel = 'error' } })
  check('didChangeConfiguration applied (debounceMs = 43)', vim.wait(10000, function()
    local rr = request(client, bufnr, 'workspace/executeCommand', { command = 'codeloop.showSettings', arguments = {} })
    return rr and rr.settings and rr.settings.completion.debounceMs == 43
  end, 200))

  -- list completion at the cursor
  if caps.completionProvider then
    local params = vim.lsp.util.make_position_params()
    params.context = { triggerKind = 1 }
    local res
    local items = {}
    local tries = 0
    -- The embedded model learns the workspace in the background after `initialized`: wait until
    -- codeloop.stats shows the fixture's files learned (what a user would see as the end of the
    -- "learning the workspace" progress), then ask as while typing, retrying from a clean line.
    check('embedded model learned the workspace', vim.wait(30000, function()
      local st = request(client, bufnr, 'workspace/executeCommand', { command = 'codeloop.stats', arguments = {} })
      return st and st.embedded and (st.embedded.documents or 0) >= 3
    end, 200))
    vim.wait(20000, function()
      if tries > 0 then
        vim.api.nvim_buf_set_lines(bufnr, cursor_line, cursor_line + 1, false, { '' })
        vim.wait(600, function() return false end, 20) -- the clean line is sent and learned
        vim.api.nvim_buf_set_lines(bufnr, cursor_line, cursor_line + 1, false, { '    inventory.add' })
        vim.api.nvim_win_set_cursor(0, { cursor_line + 1, #'    inventory.add' })
      end
      tries = tries + 1
      res, e = request(client, bufnr, 'textDocument/completion', params, 10000)
      items = res and (res.items or res) or {}
      return e ~= nil or #items > 0
    end, 500)
    out('  completion requests: ' .. tries)
    if check('completion answers without error', e == nil, e) then
      check('completion returns items', #items > 0, res)
      local line = vim.api.nvim_buf_get_lines(bufnr, cursor_line, cursor_line + 1, false)[1]
      local good
      for _, it in ipairs(items) do
        if plausible(it, line, params.position.character, vocab, fixture_lines) then
          good = it
          break
        end
      end
      check('a completion item is a plausible continuation of "' .. line .. '"', good ~= nil,
        vim.tbl_map(function(it) return (it.textEdit and it.textEdit.newText) or it.insertText or it.label end, items))
      if good then
        out('  completion: ' .. ((good.textEdit and good.textEdit.newText) or good.insertText or good.label))
      end
      if #items > 0 then
        local on_line = true
        for _, it in ipairs(items) do
          if it.textEdit and it.textEdit.range then
            on_line = on_line and it.textEdit.range.start.line == cursor_line
          end
        end
        check('completion edits target the edited line (server saw the incremental edits)', on_line, items[1])
      end
    end
  else
    skip('textDocument/completion', 'server does not advertise completionProvider')
  end

  -- code actions listing
  if caps.codeActionProvider then
    local range = { start = { line = bob - 2, character = 0 }, ['end'] = { line = bob, character = 0 } }
    local res
    res, e = request(client, bufnr, 'textDocument/codeAction',
      { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, range = range, context = { diagnostics = {} } }, 15000)
    check('codeAction answers without error', e == nil, e)
    local kinds = type(caps.codeActionProvider) == 'table' and caps.codeActionProvider.codeActionKinds or nil
    local well_formed = type(res) == 'table' or res == nil
    for _, a in ipairs(res or {}) do
      well_formed = well_formed and type(a.title) == 'string' and a.title ~= ''
      if kinds and a.kind then
        local known = false
        for _, k in ipairs(kinds) do
          known = known or a.kind == k or vim.startswith(a.kind, k .. '.')
        end
        well_formed = well_formed and known
      end
    end
    if e == nil then
      check('code actions are well formed (title, advertised kind)', well_formed, res)
    end
    out('  code actions: ' .. table.concat(vim.tbl_map(function(a) return a.title end, res or {}), ' | '))
  else
    skip('textDocument/codeAction', 'server does not advertise codeActionProvider')
  end

  -- user commands backed by server commands
  -- `not_configured_task`: the test environment has no model for that task (no API key, no Ollama), so
  -- the server must answer RequestFailed (-32803) with data not_configured and a message telling the
  -- user how to configure a model for the task; the client shows that message.
  local notified = {}
  local orig_notify = vim.notify
  vim.notify = function(msg, level, opts)
    table.insert(notified, { msg = msg, level = level })
    return orig_notify(msg, level, opts)
  end
  local function run(name, command, fn, not_configured_task)
    if not codeloop.advertises(client, command) then
      return skip(name, 'server does not advertise ' .. command)
    end
    local done, er, res = false, nil, nil
    notified = {}
    fn(function(err2, result)
      done, er, res = true, err2, result
    end)
    check(name .. ' answered', vim.wait(20000, function() return done end, 20))
    if not_configured_task then
      local msg = type(er) == 'table' and type(er.message) == 'string' and er.message or ''
      check(name .. ' says no model is configured (-32803 not_configured)',
        type(er) == 'table' and er.code == -32803 and er.data == 'not_configured', er or res)
      check(name .. ' message says how to configure a model for ' .. not_configured_task,
        msg:find('Configure a model', 1, true) ~= nil and msg:find("'" .. not_configured_task .. "'", 1, true) ~= nil, msg)
      local shown = false
      for _, n in ipairs(notified) do
        shown = shown or (type(n.msg) == 'string' and n.msg:find('Configure a model', 1, true) ~= nil
          and n.msg:find('{', 1, true) == nil and n.level == vim.log.levels.WARN)
      end
      check(name .. ' shows the message to the user (vim.notify, no raw error dump)', shown, notified)
    else
      check(name .. ' without error', done and er == nil, er)
    end
    if res ~= nil then
      out('  ' .. name .. ': ' .. vim.inspect(res):sub(1, 200):gsub('\n%s*', ' '))
    end
  end
  run(':CodeloopStats', codeloop.commands.stats, function(cb) codeloop.stats(cb) end)
  run(':CodeloopDoctor', codeloop.commands.doctor, function(cb) codeloop.doctor(cb) end)
  run(':CodeloopSelectModel completion embedded', codeloop.commands.select_model,
    function(cb) codeloop.select_model('completion', 'embedded', cb) end)
  run(':CodeloopAsk', codeloop.commands.ask, function(cb)
    vim.api.nvim_set_current_buf(bufnr)
    codeloop.ask('What does addCherries do?', bob + 1, bob + 1, cb)
  end, 'chat')
  run(':CodeloopPlan', codeloop.commands.plan, function(cb)
    vim.api.nvim_set_current_buf(bufnr)
    codeloop.plan('Use a constant for the cherries count', bob + 1, bob + 1, cb)
  end, 'plan')
  run(':CodeloopCompletionStats', codeloop.commands.completion_stats, function(cb) codeloop.completion_stats(cb) end)
  vim.notify = orig_notify
  vim.api.nvim_set_current_buf(bufnr)

  -- clean shutdown: shutdown + exit, process ends with status 0
  vim.lsp.stop_client(client.id)
  check('server stopped', vim.wait(15000, function() return exit_code ~= nil end, 20))
  check('server exit code 0', exit_code == 0 and (exit_signal or 0) == 0, { code = exit_code, signal = exit_signal })
  vim.api.nvim_buf_set_option(bufnr, 'modified', false)
  vim.fn.delete(ws, 'rf')
end)
if not ok then
  check('no Lua error', false, err)
end
finish()

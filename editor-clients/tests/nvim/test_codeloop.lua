-- Headless Neovim (0.7+) test of editor-clients/neovim against the real Codeloop server jar.
--
--   CODELOOP_JAR=server/target/codeloop.jar \
--     timeout 120 nvim --headless -u NONE -c 'luafile editor-clients/tests/nvim/test_codeloop.lua'
--
-- Starts the server through the plugin's own setup{} + FileType autostart, on a copy of
-- editor-clients/tests/fixtures/workspace. Prints PASS/FAIL/SKIP lines and finally `N passed, N failed`;
-- exits non-zero on any failure. Every capability the client depends on is asserted: a server that stops
-- advertising completion, code actions or a command fails the suite (nothing is skipped).
local passes, failures = 0, 0
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
local function finish()
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
  local offline_model = { offline = { provider = 'ollama', model = 'none', baseUrl = 'http://127.0.0.1:9' } }
  vim.o.swapfile = false
  local messages, exit_code, exit_signal = {}, nil, nil
  local codeloop = require('codeloop')
  codeloop.setup({
    jar = jar,
    -- Explain routed to a model on a closed loopback port (so the action is enabled: the server calls no model
    -- to list actions); the other AI actions have no model and are listed disabled
    settings = { completion = { debounceMs = 42 }, log = { clientLevel = 'error' },
      models = offline_model, routes = { ['codeAction.explain'] = { 'offline' } } },
    handlers = {
      ['window/showMessage'] = function(_, result)
        table.insert(messages, result)
      end,
    },
    on_exit = function(code, signal)
      exit_code, exit_signal = code, signal
    end,
  })
  -- the launcher script beside the jar is preferred, unless a Java or JVM options are asked for
  do
    local dir = vim.fn.tempname()
    vim.fn.mkdir(dir, 'p')
    vim.fn.writefile({ '#!/bin/sh', 'exit 0' }, dir .. '/codeloop')
    vim.fn.setfperm(dir .. '/codeloop', 'rwxr-xr-x')
    local with = codeloop.server_cmd({ jar = dir .. '/codeloop.jar', server_args = {} })
    check('server_cmd prefers the codeloop launcher beside the jar', with and with[1] == dir .. '/codeloop', with)
    local vm = codeloop.server_cmd({ jar = dir .. '/codeloop.jar', vmargs = { '-Xmx1g' } })
    check('server_cmd falls back to java -jar with vmargs', vm and vm[#vm] == dir .. '/codeloop.jar', vm)
    local plain = codeloop.server_cmd({ jar = dir .. '/other/codeloop.jar' })
    check('server_cmd is java -jar without a launcher', plain and plain[#plain - 1] == '-jar', plain)
    vim.fn.delete(dir, 'rf')
  end
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
  for _, command in pairs(codeloop.commands) do
    check('executeCommandProvider lists ' .. command, codeloop.advertises(client, command), caps.executeCommandProvider)
  end
  check('client sent experimental.codeloopStatus = true',
    client.config.capabilities.experimental and client.config.capabilities.experimental.codeloopStatus == true)
  check('completionProvider advertised', caps.completionProvider ~= nil, caps)
  check('codeActionProvider advertised with resolveProvider', type(caps.codeActionProvider) == 'table'
    and caps.codeActionProvider.resolveProvider == true, caps.codeActionProvider)
  check('CompleteDone autocmd installed for the buffer (0.7 omnifunc runs no item command)', vim.lsp.completion ~= nil
    or #vim.api.nvim_get_autocmds({ event = 'CompleteDone', buffer = bufnr }) > 0)

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
  codeloop.update_settings({ completion = { debounceMs = 42, maxLines = 'many' }, log = { clientLevel = 'error' },
    models = offline_model, routes = { ['codeAction.explain'] = { 'offline' } } })
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
  codeloop.update_settings({ completion = { debounceMs = 43 }, log = { clientLevel = 'error' },
    models = offline_model, routes = { ['codeAction.explain'] = { 'offline' } } })
  check('didChangeConfiguration applied (debounceMs = 43)', vim.wait(10000, function()
    local rr = request(client, bufnr, 'workspace/executeCommand', { command = 'codeloop.showSettings', arguments = {} })
    return rr and rr.settings and rr.settings.completion.debounceMs == 43
  end, 200))

  -- list completion at the cursor
  do
    local params = vim.lsp.util.make_position_params()
    params.context = { triggerKind = 1 }
    local res
    local items = {}
    local tries = 0
    -- The embedded model learns the workspace in the background after `initialized`: wait until
    -- codeloop.stats shows the fixture's files learned and the "learning the workspace" progress
    -- ended (after the files it learns the JDK's library and builds the model), then ask as while
    -- typing, retrying from a clean line.
    check('embedded model learned the workspace', vim.wait(30000, function()
      local st = request(client, bufnr, 'workspace/executeCommand', { command = 'codeloop.stats', arguments = {} })
      return st and st.embedded and (st.embedded.documents or 0) >= 3
        and not codeloop.statusline():find('learning the workspace', 1, true)
    end, 200), codeloop.statusline())
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
      -- accepting an item (as omnifunc does: same conversion to a complete-item) runs its command, and
      -- the server counts it
      local accepted_before = 0
      local cs = request(client, bufnr, 'workspace/executeCommand', { command = 'codeloop.completionStats', arguments = {} })
      for _, row in ipairs(cs and cs.completion or {}) do
        accepted_before = accepted_before + (row.accepted or 0)
      end
      local complete_items = vim.lsp.util.text_document_completion_list_to_complete_items(res, '')
      -- the menu's words carry no command (they are not a model's suggestion); its continuations do
      local with_cmd
      for _, ci in ipairs(complete_items) do
        local li = ci.user_data and ci.user_data.nvim and ci.user_data.nvim.lsp and ci.user_data.nvim.lsp.completion_item
        if with_cmd == nil and li and li.command then
          with_cmd = ci
        end
      end
      if with_cmd then
        check('CompleteDone handler runs the accept command', codeloop.on_complete_done(with_cmd, bufnr))
        check('accepted completion counted by the server', vim.wait(10000, function()
          local st = request(client, bufnr, 'workspace/executeCommand', { command = 'codeloop.completionStats', arguments = {} })
          local n = 0
          for _, row in ipairs(st and st.completion or {}) do
            n = n + (row.accepted or 0)
          end
          return n == accepted_before + 1
        end, 100), accepted_before)
      else
        -- only words in this menu (no model continuation here): accepting a word sends nothing, and
        -- an item that carries the accept command has it run
        check('CompleteDone on a word item sends nothing', codeloop.on_complete_done(complete_items[1], bufnr) == false)
        local synthetic = { user_data = { nvim = { lsp = { completion_item = {
          label = 'x', command = { title = 'Accept completion', command = 'codeloop.acceptCompletion', arguments = { 'none' } } } } } } }
        check('CompleteDone handler runs the accept command of an item that has one', codeloop.on_complete_done(synthetic, bufnr))
      end
    end
  end

  -- code actions listing
  do
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
    out('  code actions: ' .. table.concat(vim.tbl_map(function(a) return a.title .. (a.disabled and ' (disabled)' or '') end, res or {}), ' | '))
    local disabled = vim.tbl_filter(function(a) return a.disabled ~= nil end, res or {})
    -- no chat/plan model here: the server lists Explain/Plan disabled with a reason
    check('server lists some actions disabled (no chat model configured)', #disabled > 0, res)
    local picked
    vim.api.nvim_win_set_cursor(0, { bob - 1, 0 })
    codeloop.code_action(bob - 1, bob + 1, function(actions) picked = actions end)
    check(':CodeloopCodeAction offers actions', vim.wait(15000, function() return picked ~= nil end, 20))
    check(':CodeloopCodeAction does not list disabled actions as items', picked and #picked > 0
      and #vim.tbl_filter(function(a) return a.disabled ~= nil end, picked) == 0, picked)
    check(':CodeloopCodeAction lists the enabled Explain action', picked and #vim.tbl_filter(function(a)
      return a.title == 'Explain with AI' end, picked) == 1, picked)
  end

  -- "Generate unit tests with AI" for real: routed to an OpenAI-compatible model on loopback
  -- (tests/vscode/openai-loopback.js); the resolved edit creates src/test/java/demo/MainTest.java, which
  -- must end up on disk with its content and in a window (0.7 keeps it in a hidden unsaved buffer)
  do
    local dir = vim.fn.tempname()
    vim.fn.mkdir(dir, 'p')
    local job = vim.fn.jobstart({ 'node', clients_dir .. '/tests/vscode/openai-loopback.js', dir .. '/port', dir .. '/log' })
    check('loopback model started', job > 0 and vim.wait(10000, function() return vim.fn.filereadable(dir .. '/port') == 1
      and (vim.fn.readfile(dir .. '/port')[1] or '') ~= '' end, 20))
    local port = vim.fn.readfile(dir .. '/port')[1]
    local models = vim.tbl_extend('force', offline_model,
      { loop = { provider = 'openai-compatible', baseUrl = 'http://127.0.0.1:' .. port .. '/v1', model = 'test-model', apiKeyEnv = vim.NIL } })
    codeloop.update_settings({ completion = { debounceMs = 43 }, log = { clientLevel = 'error' }, models = models,
      routes = { ['codeAction.explain'] = { 'offline' }, ['codeAction.tests'] = { 'loop' } } })
    local routed = vim.wait(10000, function()
      local st = request(client, bufnr, 'workspace/executeCommand', { command = 'codeloop.showSettings', arguments = {} })
      return st and st.settings and st.settings.models and st.settings.models.loop ~= nil
    end, 100)
    check('tests route set to the loopback model', routed)
    local test_file = ws .. '/src/test/java/demo/MainTest.java'
    local applied_edit
    local real_apply = codeloop.apply_edit
    codeloop.apply_edit = function(e, c)
      applied_edit = e
      return real_apply(e, c)
    end
    local picked_title
    vim.api.nvim_set_current_buf(bufnr)
    vim.api.nvim_win_set_cursor(0, { bob - 1, 0 })
    codeloop.code_action(bob - 1, bob + 1, function(actions, choose)
      for _, a in ipairs(actions) do
        if a.title == 'Generate unit tests with AI' then
          picked_title = a.title
          return choose(a)
        end
      end
    end)
    local created = vim.wait(30000, function()
      return vim.fn.filereadable(test_file) == 1 and table.concat(vim.fn.readfile(test_file), '\n'):find('Documented by the loopback model', 1, true) ~= nil
    end, 50)
    check('"Generate unit tests with AI" offered once a model serves it', picked_title ~= nil)
    codeloop.apply_edit = real_apply
    check('generated test file written to disk with its content', created,
      { disk = vim.fn.filereadable(test_file) == 1 and vim.fn.readfile(test_file) or 'missing', edit = applied_edit })
    check('generated test file shown in a window', vim.fn.bufwinid(vim.fn.bufnr(test_file)) ~= -1)
    check('the loopback model was asked', vim.fn.filereadable(dir .. '/log') == 1 and #vim.fn.readfile(dir .. '/log') > 0)
    vim.fn.jobstop(job)
    vim.cmd('only')
    vim.api.nvim_set_current_buf(bufnr)
    codeloop.update_settings({ completion = { debounceMs = 43 }, log = { clientLevel = 'error' }, models = offline_model,
      routes = { ['codeAction.explain'] = { 'offline' } } })
  end

  -- an edit that creates a file (as "Generate unit tests" sends) ends up on disk and in a window
  do
    local created = ws .. '/src/test/java/demo/InventoryTest.java'
    local uri = vim.uri_from_fname(created)
    vim.fn.mkdir(vim.fn.fnamemodify(created, ':h'), 'p')
    local reply = client.handlers['workspace/applyEdit'](nil, { label = 'Generate unit tests', edit = { documentChanges = {
      { kind = 'create', uri = uri, options = { ignoreIfExists = true } },
      { textDocument = { uri = uri, version = vim.NIL }, edits = { { range = { start = { line = 0, character = 0 },
        ['end'] = { line = 0, character = 0 } }, newText = 'class InventoryTest {}\n' } } },
    } } }, { client_id = client.id, method = 'workspace/applyEdit' }, {})
    check('applyEdit with a created file applied', type(reply) == 'table' and reply.applied == true, reply)
    local disk = vim.fn.filereadable(created) == 1 and vim.fn.readfile(created) or {}
    check('created file written with its content', disk[1] == 'class InventoryTest {}', disk)
    check('created file shown in a window', vim.fn.bufwinid(vim.fn.bufnr(created)) ~= -1)
    vim.cmd('only')
    vim.api.nvim_set_current_buf(bufnr)
  end

  -- codeloop/status: the statusline shows what the server last sent
  do
    check('statusline before any status', codeloop.statusline() == 'Codeloop' or codeloop.status(client) ~= nil,
      codeloop.statusline())
    local status_handler = client.handlers['codeloop/status']
    status_handler(nil, { state = 'busy', model = 'embedded', inFlight = 2, message = vim.NIL },
      { client_id = client.id, method = 'codeloop/status' })
    check('statusline shows busy model', codeloop.statusline() == 'Codeloop embedded busy(2)', codeloop.statusline())
    status_handler(nil, { state = 'authenticationFailed', model = 'openai', inFlight = 0, message = 'bad key' },
      { client_id = client.id, method = 'codeloop/status' })
    check('statusline shows authentication failure', codeloop.statusline() == 'Codeloop auth failed', codeloop.statusline())
    -- work-done progress while a model works shows in the statusline (through Neovim's own $/progress handler)
    local progress = vim.lsp.handlers['$/progress']
    local pctx = { client_id = client.id, method = '$/progress' }
    progress(nil, { token = 'codeloop-test', value = { kind = 'begin', title = 'Explain with AI', percentage = 10 } }, pctx)
    check('statusline shows the running progress', codeloop.statusline() == 'Codeloop auth failed · Explain with AI 10%',
      codeloop.statusline())
    progress(nil, { token = 'codeloop-test', value = { kind = 'end' } }, pctx)
    check('statusline drops finished progress', codeloop.statusline() == 'Codeloop auth failed', codeloop.statusline())
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
  local function run(name, command, fn, not_configured_task, buffer_check)
    check(name .. ': server advertises ' .. command, codeloop.advertises(client, command))
    local done, er, res, shown_buf = false, nil, nil, nil
    notified = {}
    fn(function(err2, result, buf)
      done, er, res, shown_buf = true, err2, result, buf
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
    if buffer_check then
      local lines = shown_buf and vim.api.nvim_buf_get_lines(shown_buf, 0, -1, false) or {}
      check(name .. ' opens its result in a scratch buffer', shown_buf ~= nil and vim.fn.bufwinid(shown_buf) ~= -1)
      check(name .. ' result ' .. buffer_check[1], buffer_check[2](table.concat(lines, '\n')), lines[1])
      vim.cmd('only')
    end
    if res ~= nil then
      out('  ' .. name .. ': ' .. vim.inspect(res):sub(1, 200):gsub('\n%s*', ' '))
    end
  end
  run(':CodeloopStats', codeloop.commands.stats, function(cb) codeloop.stats(cb) end)
  run(':CodeloopDoctor', codeloop.commands.doctor, function(cb) codeloop.doctor(cb) end, nil,
    { 'is Markdown, not escaped JSON', function(t) return t:find('^# ') ~= nil and t:find('\\n', 1, true) == nil end })
  run(':CodeloopShowTools', codeloop.commands.show_tools, function(cb) codeloop.show_tools(cb) end, nil,
    { 'lists the tools as Markdown', function(t) return t:find('^#+ ') ~= nil end })
  run(':CodeloopRunChecks (untrusted workspace: refused with a sentence)', codeloop.commands.run_checks, function(cb)
    vim.api.nvim_set_current_buf(bufnr)
    codeloop.run_checks(function(e2, r2, b2)
      check('runChecks refused as untrusted, nothing shown', type(e2) == 'table' and e2.code == -32803
        and tostring(e2.message):find('not trusted', 1, true) ~= nil and b2 == nil, e2)
      cb(nil, r2, b2)
    end)
  end)
  run(':CodeloopTrustWorkspace', codeloop.commands.trust_workspace, function(cb) codeloop.trust_workspace(true, cb) end)
  run(':CodeloopRunChecks (trusted)', codeloop.commands.run_checks, function(cb)
    vim.api.nvim_set_current_buf(bufnr)
    codeloop.run_checks(cb)
  end, nil, { 'is a Markdown summary', function(t) return t:find('^#+ ') ~= nil end })
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

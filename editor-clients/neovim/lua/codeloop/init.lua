-- Codeloop for Neovim (0.7 .. 0.11+): starts the Codeloop language server and adds user commands for
-- every server command.
--
--   0.11+: lsp/codeloop.lua is a `vim.lsp.config` file: `vim.lsp.enable('codeloop')` is enough
--          (this module only adds the user commands then: `require('codeloop').setup()`).
--   0.7 .. 0.10: require('codeloop').setup({
--     jar = '/path/to/codeloop.jar',          -- default: $CODELOOP_SERVER_JAR
--     settings = { completion = { style = 'list' } },  -- same shape as .codeloop.json
--   })
--
-- `vim.lsp.start` on 0.8+, `vim.lsp.start_client` + `vim.lsp.buf_attach_client` on 0.7.
-- Settings go to the server three ways, all with the same content:
-- `initializationOptions.settings`, `workspace/didChangeConfiguration {settings = {codeloop = ...}}`
-- and the answer to a `workspace/configuration` pull of section `codeloop`.
local M = {}
local results = require('codeloop.results')

-- Command ids; mirror of server/src/main/java/dev/codeloop/workspace/command/Commands.java.
M.commands = {
  show_settings = 'codeloop.showSettings',
  stats = 'codeloop.stats',
  doctor = 'codeloop.doctor',
  trust_workspace = 'codeloop.trustWorkspace',
  select_model = 'codeloop.selectModel',
  ask = 'codeloop.ask',
  plan = 'codeloop.plan',
  accept_completion = 'codeloop.acceptCompletion',
  apply_action = 'codeloop.applyAction',
  chat = 'codeloop.chat',
  completion_stats = 'codeloop.completionStats',
  run_checks = 'codeloop.runChecks',
  run_tests = 'codeloop.runTests',
  fix_failing_tests = 'codeloop.fixFailingTests',
  implement = 'codeloop.implement',
  show_tools = 'codeloop.showTools',
}

-- The server's status notification (sent when the client sets `experimental.codeloopStatus`).
M.STATUS_METHOD = 'codeloop/status'

-- `data` of the RequestFailed (-32803) error the server answers when no model serves a task; its message
-- says how to configure one.
M.NOT_CONFIGURED = 'not_configured'

-- Tasks a model can be routed to (see docs/settings.schema.json, "routes").
M.tasks = {
  'completion', 'codeAction', 'codeAction.explain', 'codeAction.refactor', 'codeAction.document',
  'codeAction.tests', 'codeAction.fix', 'chat', 'plan', 'implement', 'fixTests',
}

local defaults = {
  name = 'codeloop',
  cmd = nil, -- full command list; overrides java/jar/vmargs when set
  java = nil, -- default: $JAVA_HOME/bin/java, else `java` from PATH
  jar = nil, -- default: $CODELOOP_SERVER_JAR
  launcher = nil, -- default: $CODELOOP_SERVER, else the `codeloop` launcher beside the jar when present
  vmargs = {}, -- extra JVM arguments, e.g. { '-Xmx512m' }
  server_args = {}, -- extra server arguments, e.g. { '--log-level', 'debug' }
  filetypes = nil, -- nil = every buffer with a file name; or a list like { 'java', 'python' }
  root_markers = { '.codeloop.json', '.git', 'pom.xml', 'build.gradle', 'package.json', 'Cargo.toml', 'go.mod' },
  settings = {}, -- Codeloop settings (same shape as .codeloop.json)
  autostart = true,
  on_attach = nil,
  on_init = nil,
  on_exit = nil,
  handlers = nil,
  capabilities = nil,
  cmd_env = nil,
}

M.config = vim.deepcopy(defaults)
-- root_dir -> client id (the 0.7 path reuses clients by hand; 0.8+ `vim.lsp.start` does it itself)
local clients_by_root = {}
-- client id -> initialize result's serverInfo (0.7 does not keep it on the client)
local server_infos = {}
-- client id -> last `codeloop/status` params
local statuses = {}

-- Compatibility across Neovim 0.7 .. 0.11+: client lookup and the method-style client API of 0.11.
local has_011 = vim.fn.has('nvim-0.11') == 1
local function all_clients(bufnr)
  if vim.lsp.get_clients then -- 0.10+
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return bufnr and vim.lsp.buf_get_clients(bufnr) or vim.lsp.get_active_clients()
end
local function client_request(client, method, params, handler, bufnr)
  if has_011 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end
local function client_notify(client, method, params)
  if has_011 then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

local function notify(msg, level)
  vim.notify('[codeloop] ' .. msg, level or vim.log.levels.INFO)
end

--- Whether `err` (a command's error reply) says that no model is configured for the task.
function M.is_not_configured(err)
  return type(err) == 'table' and err.data == M.NOT_CONFIGURED
end

-- Tells the user why `what` failed: the server's sentence on how to configure a model when none serves
-- the task, else the error message.
local function notify_error(what, err)
  if M.is_not_configured(err) then
    return notify(what .. ': ' .. tostring(err.message), vim.log.levels.WARN)
  end
  local msg = type(err) == 'table' and err.message or nil
  notify(what .. ' failed: ' .. (msg or vim.inspect(err)), vim.log.levels.ERROR)
end

--- The server command from the configuration.
function M.server_cmd(cfg)
  cfg = cfg or M.config
  if cfg.cmd then
    return cfg.cmd
  end
  local jar = cfg.jar or os.getenv('CODELOOP_SERVER_JAR')
  -- the launcher script (server/target/codeloop beside codeloop.jar) when present, unless a Java
  -- executable or JVM options were asked for explicitly
  local launcher = cfg.launcher or os.getenv('CODELOOP_SERVER')
  if (not launcher or launcher == '') and jar and jar ~= '' then
    launcher = vim.fn.fnamemodify(jar, ':p:h') .. '/codeloop'
  end
  if launcher and launcher ~= '' and not cfg.java and #(cfg.vmargs or {}) == 0
      and vim.fn.executable(launcher) == 1 and vim.fn.isdirectory(launcher) == 0 then
    local cmd = { vim.fn.fnamemodify(launcher, ':p') }
    vim.list_extend(cmd, cfg.server_args or {})
    return cmd
  end
  local java = cfg.java
  if not java then
    local home = os.getenv('JAVA_HOME')
    java = (home and home ~= '') and (home .. '/bin/java') or 'java'
  end
  if not jar or jar == '' then
    if vim.fn.executable('codeloop') == 1 then -- the launcher on PATH
      local cmd = { 'codeloop' }
      vim.list_extend(cmd, cfg.server_args or {})
      return cmd
    end
    return nil, 'no server jar: set `jar` in setup() or $CODELOOP_SERVER_JAR'
  end
  local cmd = { java }
  vim.list_extend(cmd, cfg.vmargs or {})
  vim.list_extend(cmd, { '-jar', vim.fn.fnamemodify(jar, ':p') })
  vim.list_extend(cmd, cfg.server_args or {})
  return cmd
end

--- Walks up from `path` to the first directory holding one of the root markers (else the file's folder).
function M.find_root(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local cur = dir
  while cur and cur ~= '' do
    for _, marker in ipairs(M.config.root_markers) do
      if vim.loop.fs_stat(cur .. '/' .. marker) then
        return cur
      end
    end
    local parent = vim.fn.fnamemodify(cur, ':h')
    if parent == cur then
      break
    end
    cur = parent
  end
  return dir
end

-- An empty Lua table would be sent as a JSON array; settings must be an object.
local function object(t)
  if type(t) ~= 'table' or next(t) == nil then
    return vim.empty_dict()
  end
  return t
end

--- Client capabilities: Neovim's own plus `experimental.codeloopStatus` (the server then sends
-- `codeloop/status`), merged into `base` (e.g. from a completion plugin) when given.
function M.capabilities(base)
  local caps = vim.deepcopy(base or vim.lsp.protocol.make_client_capabilities())
  caps.experimental = caps.experimental or {}
  caps.experimental.codeloopStatus = true
  return caps
end

--- The last `codeloop/status` of `client` (or of the current buffer's client), or nil.
function M.status(client)
  client = client or M.get_client()
  return client and statuses[client.id] or nil
end

--- Statusline component: `%{v:lua.require'codeloop'.statusline()}`. Empty when no Codeloop client runs
-- for the buffer; else the model and busy/offline/authentication/untrusted/error state.
function M.statusline()
  local client = M.get_client(vim.api.nvim_get_current_buf())
  if not client then
    return ''
  end
  local text = results.status_text(statuses[client.id])
  -- work-done progress the server reports while a model works (0.7 – 0.9 keep it in client.messages)
  local progress = type(client.messages) == 'table' and client.messages.progress or {}
  for _, p in pairs(progress) do
    if type(p) == 'table' and not p.done and p.title then
      text = text .. ' · ' .. p.title .. (p.percentage and string.format(' %d%%', p.percentage) or '')
      break
    end
  end
  return text
end

-- Files a workspace edit creates: `create` operations, and text edits of files that exist empty on disk
-- (a server creates the empty file first for clients without the `create` operation).
local function created_files(edit)
  local files = {}
  local function empty_on_disk(uri)
    local fname = vim.uri_to_fname(uri)
    local stat = vim.loop.fs_stat(fname)
    if stat and stat.size == 0 and vim.fn.bufloaded(fname) == 0 then
      files[fname] = true
    end
  end
  for _, change in ipairs((edit and edit.documentChanges) or {}) do
    if change.kind == 'create' then
      files[vim.uri_to_fname(change.uri)] = true
    elseif change.textDocument and change.textDocument.uri then
      empty_on_disk(change.textDocument.uri)
    end
  end
  -- without documentChanges support (0.7 does not announce it) the server creates the file empty first
  -- and sends its text in `changes`
  for uri in pairs((edit and edit.changes) or {}) do
    empty_on_disk(uri)
  end
  return vim.tbl_keys(files)
end

-- After an edit created files, Neovim holds their text in hidden unsaved buffers: write them to disk
-- and show them, so "Generate unit tests" shows the new test file with its content.
local function show_created(files)
  for _, fname in ipairs(files) do
    local buf = vim.fn.bufnr(fname)
    if buf > 0 and vim.api.nvim_buf_is_loaded(buf) then
      vim.api.nvim_buf_set_option(buf, 'buflisted', true)
      if vim.api.nvim_buf_get_option(buf, 'modified') then
        vim.api.nvim_buf_call(buf, function()
          vim.cmd('silent noautocmd write')
        end)
      end
      if vim.fn.bufwinid(buf) == -1 then
        vim.cmd('botright split')
        vim.api.nvim_win_set_buf(0, buf)
      end
    end
  end
end

--- Applies a workspace edit as Neovim does, then writes and shows the files it created.
function M.apply_edit(edit, client)
  local files = created_files(edit)
  vim.lsp.util.apply_workspace_edit(edit, client and client.offset_encoding or 'utf-16')
  show_created(files)
end

-- Handlers the client gets: `codeloop/status`, and `workspace/applyEdit` showing created files.
local function codeloop_handlers(user)
  local handlers = {
    [M.STATUS_METHOD] = function(_, params, ctx)
      statuses[ctx.client_id] = params
      pcall(vim.cmd, 'redrawstatus!')
      pcall(vim.api.nvim_exec_autocmds, 'User', { pattern = 'CodeloopStatus', modeline = false })
      return vim.NIL
    end,
    ['workspace/applyEdit'] = function(err, params, ctx, config)
      local files = created_files(params and params.edit)
      local reply = vim.lsp.handlers['workspace/applyEdit'](err, params, ctx, config)
      if type(reply) == 'table' and reply.applied then
        show_created(files)
      end
      return reply
    end,
  }
  return vim.tbl_extend('force', handlers, user or {})
end

--- on_attach for every Codeloop buffer: native inline completion where Neovim has it (0.12+), and on
-- older versions a CompleteDone autocmd that runs an accepted item's command (omnifunc does not), so
-- the server counts accepted completions.
function M.on_attach(client, bufnr)
  if vim.lsp.inline_completion and vim.lsp.inline_completion.enable then
    pcall(vim.lsp.inline_completion.enable, true, { bufnr = bufnr })
  end
  if not vim.lsp.completion then -- 0.11+ vim.lsp.completion runs item commands itself
    local group = vim.api.nvim_create_augroup('codeloop_accept_' .. bufnr, { clear = true })
    vim.api.nvim_create_autocmd('CompleteDone', {
      group = group,
      buffer = bufnr,
      callback = function()
        M.on_complete_done(vim.v.completed_item, bufnr)
      end,
    })
  end
end

--- Runs the accepted item's `codeloop.acceptCompletion` command (what 0.7's omnifunc leaves out).
function M.on_complete_done(completed, bufnr)
  local ud = type(completed) == 'table' and completed.user_data
  local item = type(ud) == 'table' and ud.nvim and ud.nvim.lsp and ud.nvim.lsp.completion_item
  local command = type(item) == 'table' and item.command
  if type(command) ~= 'table' or command.command ~= M.commands.accept_completion then
    return false
  end
  M.execute(command.command, command.arguments, function(err)
    if err then
      notify_error('accept completion', err)
    end
  end, bufnr)
  return true
end

M.handlers = codeloop_handlers

local function lsp_config(root)
  local cmd, err = M.server_cmd()
  if not cmd then
    return nil, err
  end
  local cfg = M.config
  return {
    name = cfg.name,
    cmd = cmd,
    cmd_env = cfg.cmd_env,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
    init_options = { settings = object(cfg.settings) },
    settings = { codeloop = object(cfg.settings) },
    capabilities = M.capabilities(cfg.capabilities),
    handlers = codeloop_handlers(cfg.handlers),
    on_attach = function(client, bufnr)
      M.on_attach(client, bufnr)
      if cfg.on_attach then
        cfg.on_attach(client, bufnr)
      end
    end,
    on_init = function(client, result)
      server_infos[client.id] = result and result.serverInfo
      if cfg.on_init then
        return cfg.on_init(client, result)
      end
    end,
    on_exit = function(code, signal, client_id)
      server_infos[client_id] = nil
      statuses[client_id] = nil
      for r, id in pairs(clients_by_root) do
        if id == client_id then
          clients_by_root[r] = nil
        end
      end
      if cfg.on_exit then
        cfg.on_exit(code, signal, client_id)
      end
    end,
  }
end

--- Starts (or reuses) the server for `bufnr` and attaches it. Returns the client id, or nil and a reason.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local fname = vim.api.nvim_buf_get_name(bufnr)
  if fname == '' then
    return nil, 'buffer has no file name'
  end
  local root = M.find_root(fname)
  local config, err = lsp_config(root)
  if not config then
    notify(err, vim.log.levels.ERROR)
    return nil, err
  end
  if vim.lsp.start then -- Neovim 0.8+
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    if not id then
      return nil, 'vim.lsp.start_client failed for ' .. table.concat(config.cmd, ' ')
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- The Codeloop client attached to `bufnr`; without `bufnr`, the current buffer's, else (e.g. from a
-- result window) the first running Codeloop client. Nil when there is none.
function M.get_client(bufnr)
  local explicit = bufnr ~= nil and bufnr ~= 0
  bufnr = explicit and bufnr or vim.api.nvim_get_current_buf()
  for _, client in pairs(all_clients(bufnr)) do
    if client.name == M.config.name then
      return client
    end
  end
  if not explicit then
    for _, client in pairs(all_clients(nil)) do
      if client.name == M.config.name then
        return client
      end
    end
  end
  return nil
end

--- The server's `serverInfo` ({name, version}) from the initialize result, or nil.
function M.server_info(client)
  return client and (client.server_info or server_infos[client.id])
end

--- Whether the server advertised `command` in `executeCommandProvider.commands`.
function M.advertises(client, command)
  local provider = client and client.server_capabilities and client.server_capabilities.executeCommandProvider
  return provider ~= nil and vim.tbl_contains(provider.commands or {}, command)
end

--- Runs a server command; `callback(err, result)` gets the reply. Refuses commands the server lacks.
function M.execute(command, arguments, callback, bufnr)
  callback = callback or function() end
  local client = M.get_client(bufnr)
  if not client then
    return callback({ message = 'Codeloop is not running for this buffer' })
  end
  if not M.advertises(client, command) then
    return callback({ message = 'server does not advertise ' .. command })
  end
  client_request(client, 'workspace/executeCommand', { command = command, arguments = arguments or {} }, function(err, result)
    callback(err, result)
  end, bufnr)
end

--- Sends new settings (replacing the client layer) with `workspace/didChangeConfiguration`.
function M.update_settings(settings)
  M.config.settings = settings
  for _, client in pairs(all_clients(nil)) do
    if client.name == M.config.name then
      client.config.settings = { codeloop = object(settings) }
      client_notify(client, 'workspace/didChangeConfiguration', { settings = { codeloop = object(settings) } })
    end
  end
end

-- Shows text in a scratch buffer in a split (Markdown or JSON); reuses the title's window.
local function show(title, text, filetype)
  local lines = vim.split(text, '\n', { plain = true })
  local name = 'codeloop://' .. title
  local buf = vim.fn.bufnr('^' .. name .. '$')
  if buf == -1 or not vim.api.nvim_buf_is_valid(buf) then
    buf = vim.api.nvim_create_buf(false, true)
    pcall(vim.api.nvim_buf_set_name, buf, name)
  end
  vim.api.nvim_buf_set_option(buf, 'modifiable', true)
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  vim.api.nvim_buf_set_option(buf, 'filetype', filetype or 'markdown')
  vim.api.nvim_buf_set_option(buf, 'modifiable', false)
  vim.api.nvim_buf_set_option(buf, 'bufhidden', 'hide')
  if vim.fn.bufwinid(buf) == -1 then
    vim.cmd('botright split')
    vim.api.nvim_win_set_buf(0, buf)
  end
  return buf
end
M.show = show

-- Whether this Neovim handles window/showDocument (0.10+ has a handler; 0.7 announces support = false).
local function client_shows_documents()
  return vim.lsp.handlers['window/showDocument'] ~= nil
end

-- Runs `command` and shows its reply in a scratch buffer unless the server already showed it;
-- `done(err, result, buf)` is for callers that want the outcome.
local function run_and_show(title, command, arguments, done, bufnr)
  M.execute(command, arguments, function(err, result)
    local buf
    if err then
      notify_error(title, err)
    elseif result ~= nil and result ~= vim.NIL and not results.was_shown(result, client_shows_documents()) then
      local text, ft = results.to_text(result)
      buf = show(title, text, ft)
    end
    if done then
      done(err, result, buf)
    end
  end, bufnr)
end

function M.show_settings(done)
  run_and_show('settings', M.commands.show_settings, {}, done)
end

function M.stats(done)
  run_and_show('stats', M.commands.stats, {}, done)
end

--- Shows completions shown and accepted per model and language (`codeloop.completionStats`).
function M.completion_stats(done)
  run_and_show('completion stats', M.commands.completion_stats, {}, done)
end

function M.doctor(done)
  run_and_show('doctor', M.commands.doctor, {}, done)
end

--- Trusts the open workspace (`codeloop.trustWorkspace`); with trust == false, revokes it.
function M.trust_workspace(trust, done)
  run_and_show('workspace trust', M.commands.trust_workspace, { trust ~= false }, done)
end

--- Runs the workspace's checks (`codeloop.runChecks [uri?]`); findings become diagnostics.
function M.run_checks(done)
  run_and_show('checks', M.commands.run_checks, { vim.uri_from_bufnr(0) }, done)
end

--- Runs the workspace's tests (`codeloop.runTests [uri?]`); failures become diagnostics.
function M.run_tests(done)
  run_and_show('tests', M.commands.run_tests, { vim.uri_from_bufnr(0) }, done)
end

--- Shows what runChecks/runTests would run and why (`codeloop.showTools`).
function M.show_tools(done)
  run_and_show('tools', M.commands.show_tools, {}, done)
end

--- Runs the tests and lets the model fix them (`codeloop.fixFailingTests [options?]`),
-- e.g. `options = { maxRounds = 2 }`.
function M.fix_failing_tests(options, done)
  run_and_show('fix failing tests', M.commands.fix_failing_tests, options and { options } or {}, done)
end

--- Implements `goal`, then fixes failing tests (`codeloop.implement [goal, options?]`).
function M.implement(goal, options, done)
  if not goal or goal == '' then
    goal = vim.fn.input('Implement (goal): ')
  end
  if goal == '' then
    return
  end
  local args = { goal }
  if options then
    table.insert(args, options)
  end
  run_and_show('implement', M.commands.implement, args, done)
end

-- Runs a code action the way Neovim does (resolve for the edit, apply it, run its command), showing the
-- files it created.
local function run_action(client, action, bufnr)
  local function finish(a)
    if a.edit then
      M.apply_edit(a.edit, client)
    end
    local command = type(a.command) == 'table' and a.command or nil
    if command then
      M.execute(command.command, command.arguments, function(err, result)
        if err then
          return notify_error(a.title or command.command, err)
        end
        if type(result) == 'table' and result.markdown ~= nil
            and not results.was_shown(result, client_shows_documents()) then
          show(a.title or 'answer', results.to_text(result))
        end
      end, bufnr)
    end
  end
  local resolvable = not action.edit and action.data ~= nil and client.server_capabilities
    and type(client.server_capabilities.codeActionProvider) == 'table'
    and client.server_capabilities.codeActionProvider.resolveProvider
  if not resolvable then
    return finish(action)
  end
  notify((action.title or 'action') .. ': waiting for the model...')
  client_request(client, 'codeAction/resolve', action, function(err, resolved)
    if err then
      return notify_error(action.title or 'code action', err)
    end
    finish(resolved or action)
  end, bufnr)
end

--- Code actions of the server at the cursor (or lines line1..line2): disabled ones are not listed as
-- items (their reasons are shown when nothing else is available); `pick(actions, choose)` replaces the
-- vim.ui.select prompt (tests). Works on 0.7+; `vim.lsp.buf.code_action()` still works too.
function M.code_action(line1, line2, pick)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.get_client(bufnr)
  if not client then
    return notify('not running for this buffer', vim.log.levels.WARN)
  end
  local params
  local encoding = client.offset_encoding or 'utf-16'
  if line1 and line2 then
    params = vim.lsp.util.make_given_range_params({ line1, 0 }, { line2, 0 }, bufnr, encoding)
  else
    params = vim.lsp.util.make_range_params(0, encoding)
  end
  local diagnostics = {}
  local lnum = params.range.start.line
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.lnum >= lnum and d.lnum <= params.range['end'].line then
      table.insert(diagnostics, (d.user_data and d.user_data.lsp) or {
        range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
        message = d.message, severity = d.severity, source = d.source, code = d.code,
      })
    end
  end
  params.context = { diagnostics = diagnostics }
  client_request(client, 'textDocument/codeAction', params, function(err, actions)
    if err then
      return notify_error('code actions', err)
    end
    local enabled, reasons = {}, {}
    for _, a in ipairs(actions or {}) do
      if type(a.disabled) == 'table' then
        table.insert(reasons, a.title .. ': ' .. tostring(a.disabled.reason))
      else
        table.insert(enabled, a)
      end
    end
    if #enabled == 0 then
      return notify(#reasons > 0 and ('no action available. ' .. table.concat(reasons, '; '))
        or 'no code actions here', vim.log.levels.INFO)
    end
    local choose = function(a)
      if a then
        run_action(client, a, bufnr)
      end
    end
    if pick then
      return pick(enabled, choose)
    end
    vim.ui.select(enabled, {
      prompt = 'Codeloop actions:',
      format_item = function(a) return a.title end,
    }, choose)
  end, bufnr)
end

-- The current buffer's uri and, with line1/line2, the LSP range of those lines (0-based, end exclusive).
local function buffer_target(line1, line2)
  local uri = vim.uri_from_bufnr(0)
  if not (line1 and line2) then
    return uri, nil
  end
  local last = vim.api.nvim_buf_get_lines(0, line2 - 1, line2, false)[1] or ''
  return uri, { start = { line = line1 - 1, character = 0 }, ['end'] = { line = line2 - 1, character = #last } }
end

local function with_range(args, range)
  if range then
    table.insert(args, range)
  end
  return args
end

--- Asks a question about the buffer (and the given lines): `codeloop.ask [question, uri, range?]`.
function M.ask(question, line1, line2, done)
  if not question or question == '' then
    question = vim.fn.input('Ask Codeloop: ')
  end
  if question == '' then
    return
  end
  local uri, range = buffer_target(line1, line2)
  run_and_show('ask', M.commands.ask, with_range({ question, uri }, range), done)
end

--- Plans a change: `codeloop.plan [instruction, uri, range?]`.
function M.plan(instruction, line1, line2, done)
  if not instruction or instruction == '' then
    instruction = vim.fn.input('Plan (what should change?): ')
  end
  local uri, range = buffer_target(line1, line2)
  run_and_show('plan', M.commands.plan, with_range({ instruction, uri }, range), done)
end

--- Sends the current chat file (`*.codeloop.md`) to the chat route: `codeloop.chat [uri, range?]`.
-- The server appends the answer to the file with workspace/applyEdit.
function M.chat(line1, line2, done)
  local uri, range = buffer_target(line1, line2)
  M.execute(M.commands.chat, with_range({ uri }, range), function(err, result)
    if err then
      notify_error('chat', err)
    end
    if done then
      done(err, result)
    end
  end)
end

--- Routes `task` to `model` for this session; prompts with vim.ui.select for what is missing.
function M.select_model(task, model, done)
  local function send(t, m)
    M.execute(M.commands.select_model, { t, m }, function(err, result)
      if err then
        notify_error('select model', err)
      else
        notify(string.format('%s now uses %s', t, m))
      end
      if done then
        done(err, result)
      end
    end)
  end
  local function pick_model(t)
    if model and model ~= '' then
      return send(t, model)
    end
    M.execute(M.commands.show_settings, {}, function(err, result)
      local names = {}
      if not err and result and result.settings and type(result.settings.models) == 'table' then
        names = vim.tbl_keys(result.settings.models)
        table.sort(names)
      end
      table.insert(names, 'embedded')
      vim.ui.select(names, { prompt = 'Model for ' .. t }, function(choice)
        if choice then
          send(t, choice)
        end
      end)
    end)
  end
  if task and task ~= '' then
    return pick_model(task)
  end
  vim.ui.select(M.tasks, { prompt = 'Codeloop task' }, function(choice)
    if choice then
      pick_model(choice)
    end
  end)
end

local function create_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd('CodeloopStart', function() M.start(0) end, { desc = 'Start Codeloop for this buffer' })
  cmd('CodeloopSettings', function() M.show_settings() end, { desc = 'Show the effective Codeloop settings' })
  cmd('CodeloopStats', function() M.stats() end, { desc = 'Show Codeloop model/task statistics' })
  cmd('CodeloopCompletionStats', function() M.completion_stats() end,
    { desc = 'Show completions shown/accepted per model and language' })
  cmd('CodeloopDoctor', function() M.doctor() end, { desc = 'Check models and settings' })
  cmd('CodeloopTrustWorkspace', function(o) M.trust_workspace(not o.bang) end,
    { bang = true, desc = "Trust this workspace's .codeloop.json (! to stop trusting it)" })
  cmd('CodeloopAsk', function(o)
    M.ask(o.args, o.range > 0 and o.line1 or nil, o.range > 0 and o.line2 or nil)
  end, { nargs = '*', range = true, desc = 'Ask Codeloop about the buffer or the selected lines' })
  cmd('CodeloopPlan', function(o)
    M.plan(o.args, o.range > 0 and o.line1 or nil, o.range > 0 and o.line2 or nil)
  end, { nargs = '*', range = true, desc = 'Plan a change of the buffer or the selected lines' })
  cmd('CodeloopChat', function(o)
    M.chat(o.range > 0 and o.line1 or nil, o.range > 0 and o.line2 or nil)
  end, { range = true, desc = 'Send this *.codeloop.md chat file to Codeloop' })
  cmd('CodeloopSelectModel', function(o)
    M.select_model(o.fargs[1], o.fargs[2])
  end, { nargs = '*', desc = 'CodeloopSelectModel [task] [model]' })
  cmd('CodeloopRunChecks', function() M.run_checks() end, { desc = 'Run the workspace checks (diagnostics)' })
  cmd('CodeloopRunTests', function() M.run_tests() end, { desc = 'Run the workspace tests (diagnostics)' })
  cmd('CodeloopShowTools', function() M.show_tools() end, { desc = 'Show which checks and tests would run' })
  cmd('CodeloopFixFailingTests', function(o)
    M.fix_failing_tests(tonumber(o.args) and { maxRounds = tonumber(o.args) } or nil)
  end, { nargs = '?', desc = 'Run the tests and let the model fix them ([maxRounds])' })
  cmd('CodeloopImplement', function(o) M.implement(o.args) end,
    { nargs = '*', desc = 'Implement a goal, then fix failing tests' })
  cmd('CodeloopCodeAction', function(o)
    M.code_action(o.range > 0 and o.line1 or nil, o.range > 0 and o.line2 or nil)
  end, { range = true, desc = 'Codeloop code actions (disabled ones are not listed)' })
  cmd('CodeloopStatus', function()
    notify(M.statusline() ~= '' and M.statusline() or 'not running for this buffer')
  end, { desc = 'Show the Codeloop status' })
end

--- Configures the plugin: merges `opts` into the defaults, creates the user commands and (with
-- `autostart`) starts the server for matching buffers.
function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), opts or {})
  if opts and opts.settings then
    M.config.settings = opts.settings -- taken as given, not merged into {}
  end
  create_commands()
  -- redraw statuslines when the server reports progress (0.7 – 0.9: LspProgressUpdate; 0.10+: LspProgress)
  local progress_group = vim.api.nvim_create_augroup('codeloop_progress', { clear = true })
  for _, event in ipairs({ { 'User', 'LspProgressUpdate' }, { 'LspProgress', nil } }) do
    pcall(vim.api.nvim_create_autocmd, event[1], {
      group = progress_group,
      pattern = event[2],
      callback = function()
        pcall(vim.cmd, 'redrawstatus!')
      end,
    })
  end
  -- 0.11+: the lsp/codeloop.lua config, with what setup() was given on top, and vim.lsp.enable
  if vim.lsp.config and vim.lsp.enable and not M.config.legacy_start then
    if M.config.autostart then
      local overrides = {
        settings = { codeloop = object(M.config.settings) },
        init_options = { settings = object(M.config.settings) },
        filetypes = M.config.filetypes,
        cmd_env = M.config.cmd_env,
      }
      if M.config.cmd or M.config.jar or M.config.java or M.config.launcher then
        overrides.cmd = M.server_cmd()
      end
      if M.config.capabilities then
        overrides.capabilities = M.capabilities(M.config.capabilities)
      end
      if M.config.handlers then
        overrides.handlers = codeloop_handlers(M.config.handlers)
      end
      if M.config.on_attach then
        overrides.on_attach = function(client, bufnr)
          M.on_attach(client, bufnr)
          M.config.on_attach(client, bufnr)
        end
      end
      vim.lsp.config(M.config.name, overrides)
      vim.lsp.enable(M.config.name)
    end
    return M
  end
  if M.config.autostart then
    local group = vim.api.nvim_create_augroup('codeloop', { clear = true })
    vim.api.nvim_create_autocmd('FileType', {
      group = group,
      pattern = M.config.filetypes or '*',
      callback = function(args)
        if vim.bo[args.buf].buftype == '' and vim.api.nvim_buf_get_name(args.buf) ~= '' then
          M.start(args.buf)
        end
      end,
    })
  end
  return M
end

return M

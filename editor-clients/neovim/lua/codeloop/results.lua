-- How command results become text: the Markdown document a command carries (`markdown`; old servers:
-- doctor's `report`, `text`), else a short Markdown summary of the known JSON shapes (tool runs,
-- workflows), else the JSON itself. Pure functions, shared by the commands and the tests.
local M = {}

--- Whether the server already showed `result` with window/showDocument. Servers that send `shown` say so;
-- an older server's `answerUri` counts only when this client really handles window/showDocument.
function M.was_shown(result, client_shows_documents)
  if type(result) ~= 'table' then
    return false
  end
  if result.shown ~= nil then
    return result.shown == true
  end
  return result.answerUri ~= nil and client_shows_documents == true
end

local function list(items, fmt)
  local out = {}
  for _, it in ipairs(items or {}) do
    table.insert(out, fmt(it))
  end
  return out
end

-- `codeloop.runChecks` / `codeloop.runTests` results.
local function tool_run(r)
  local c = r.counts or {}
  local lines = {
    string.format('# %s: %d finding(s), %d error(s), %d warning(s) in %d file(s)', r.kind or 'run', c.findings or 0,
      c.error or 0, c.warning or 0, c.files or 0),
    '',
    string.format('%d tool(s), %d failed, %s ms', c.tools or 0, c.failedTools or 0, tostring(r.durationMs or '?')),
  }
  if r.firstFailures and #r.firstFailures > 0 then
    table.insert(lines, '')
    vim.list_extend(lines, list(r.firstFailures, function(f)
      return string.format('- %s:%s %s (%s)', f.file or '?', tostring(f.line or '?'), f.message or '', f.tool or '')
    end))
  end
  for _, t in ipairs(r.tools or {}) do
    table.insert(lines, '')
    table.insert(lines, string.format('## %s: exit %s%s', t.id or t.command or '?', tostring(t.exitCode),
      t.timedOut and ' (timed out)' or ''))
    if type(t.note) == 'string' then
      table.insert(lines, t.note)
    end
  end
  return table.concat(lines, '\n')
end

local function show_tools(r)
  local lines = { '# Tools' .. (r.trusted == false and ' (workspace not trusted: nothing runs)' or '') }
  if type(r.message) == 'string' then
    table.insert(lines, '')
    table.insert(lines, r.message)
  end
  for _, root in ipairs(r.roots or {}) do
    table.insert(lines, '')
    table.insert(lines, '## ' .. tostring(root.root))
    vim.list_extend(lines, list(root.tools, function(t)
      return string.format('- %s %s: `%s` (%s)', t.kind or '', t.id or '', type(t.command) == 'table'
        and table.concat(t.command, ' ') or tostring(t.command), t.why or '')
    end))
  end
  return table.concat(lines, '\n')
end

--- Text and filetype for `result`.
function M.to_text(result)
  if type(result) == 'string' then
    return result, 'markdown'
  end
  if type(result) ~= 'table' then
    return vim.inspect(result), 'lua'
  end
  for _, key in ipairs({ 'markdown', 'report', 'text', 'summary' }) do
    if type(result[key]) == 'string' then
      return result[key], 'markdown'
    end
  end
  if result.counts and result.tools then
    return tool_run(result), 'markdown'
  end
  if result.roots then
    return show_tools(result), 'markdown'
  end
  local ok, json = pcall(vim.fn.json_encode, result)
  return ok and json or vim.inspect(result), ok and 'json' or 'lua'
end

--- One line for a statusline from a `codeloop/status` params table (nil: no status yet).
function M.status_text(s)
  if type(s) ~= 'table' then
    return 'Codeloop'
  end
  local model = (type(s.model) == 'string' and s.model ~= '') and (' ' .. s.model) or ''
  local state = s.state
  if state == 'ready' then
    return 'Codeloop' .. model
  elseif state == 'busy' then
    return string.format('Codeloop%s busy(%d)', model, tonumber(s.inFlight) or 1)
  elseif state == 'offline' then
    return 'Codeloop offline'
  elseif state == 'authenticationFailed' then
    return 'Codeloop auth failed'
  elseif state == 'untrusted' then
    return 'Codeloop untrusted'
  elseif state == 'error' then
    return 'Codeloop error' .. (type(s.message) == 'string' and (': ' .. s.message:gsub('\n.*', '')) or '')
  end
  return 'Codeloop ' .. tostring(state)
end

return M

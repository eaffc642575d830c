-- Headless Neovim driver for test/nvim/run.mjs. Works with Neovim 0.7 (vim.lsp.start_client)
-- and later releases (vim.lsp.start). It attaches the Alloy language server to the buffer
-- opened on the command line, then records in the JSON file $ALLOY_NVIM_OUT:
--   diagnostics        what the server published for the buffer
--   hover              the hover text at ($ALLOY_NVIM_HOVER_LINE, $ALLOY_NVIM_HOVER_CHARACTER), 0-based
--   fix                the quick fix applied for digest-mismatch and the diagnostics that followed
--   navigation         (with $ALLOY_NVIM_PLAN, JSON from run.mjs) references from the request's
--                      brief.id, its document symbols, workspace symbols, the CodeLens before and
--                      after the fix, a brief rename in a second buffer (prepareRename, rename,
--                      the edit applied and every buffer written, the diagnostics that followed),
--                      the migration quick fix on a pre-v1 brief in a third buffer, and the
--                      new-request action on a brief in a small git repository, its command run
--   phaseErrors        a Lua traceback per navigation step that raised
--   serverMethods      every server-to-client method Neovim received, with a count
--   serverLog          window/logMessage and window/showMessage texts
--   error              a Lua traceback if a step raised
-- and quits. It never decides pass or fail: run.mjs does.

local function required_env(name)
  local value = os.getenv(name)
  if value == nil or value == '' then error('environment variable ' .. name .. ' is not set') end
  return value
end

local function wait_budget(name, default)
  return tonumber(os.getenv(name) or '') or default
end

local result = { serverMethods = {}, serverLog = {}, publishCount = 0 }
local v = vim.version()
result.neovim = string.format('%d.%d.%d', v.major, v.minor, v.patch)

local bufnr -- the buffer under test, set on VimEnter
local publishes_for_buffer = 0
local publishes_by_buffer = {} -- every buffer's count of publishDiagnostics

local function write_result()
  local file = assert(io.open(required_env('ALLOY_NVIM_OUT'), 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
end

-- Handlers: every server-to-client message goes through here, is counted by method, then handed to
-- Neovim's default handler (an absent default stays absent, so unknown requests still get
-- MethodNotFound exactly as without this table).
local handlers = setmetatable({}, {
  __index = function(_, method)
    local default = vim.lsp.handlers[method]
    return function(err, params, ctx, config)
      result.serverMethods[method] = (result.serverMethods[method] or 0) + 1
      if method == 'textDocument/publishDiagnostics' and params then
        local target = vim.uri_to_bufnr(params.uri)
        publishes_by_buffer[target] = (publishes_by_buffer[target] or 0) + 1
        if bufnr and target == bufnr then
          publishes_for_buffer = publishes_for_buffer + 1
          result.publishCount = publishes_for_buffer
        end
      elseif method == '$/progress' and params and params.value and params.value.kind == 'end' then
        result.progressEnded = true
      elseif (method == 'window/logMessage' or method == 'window/showMessage') and params then
        table.insert(result.serverLog, method .. ': ' .. tostring(params.message))
      end
      if default then return default(err, params, ctx, config) end
      return nil
    end
  end,
})

local function code_of(d)
  if d.code ~= nil then return d.code end
  return d.user_data and d.user_data.lsp and d.user_data.lsp.code or nil
end

local function plain_diagnostics(buffer)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buffer or bufnr)) do
    table.insert(list, {
      code = code_of(d),
      severity = d.severity,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      message = d.message,
    })
  end
  table.sort(list, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  return list
end

local function find_code(code, buffer)
  for _, d in ipairs(vim.diagnostic.get(buffer or bufnr)) do
    if code_of(d) == code then return d end
  end
  return nil
end

local function hover_text(contents)
  if type(contents) == 'string' then return contents end
  if type(contents) ~= 'table' then return '' end
  if contents.value ~= nil then return tostring(contents.value) end
  local parts = {}
  for _, item in ipairs(contents) do table.insert(parts, hover_text(item)) end
  return table.concat(parts, '\n')
end

-- The single response of our client in a buf_request_sync answer.
local function only_response(responses, client_id)
  if type(responses) ~= 'table' then return nil end
  return responses[client_id]
end

local function start_client()
  local config = {
    name = 'alloy',
    cmd = { 'node', required_env('ALLOY_NVIM_SERVER'), '--stdio' },
    root_dir = required_env('ALLOY_NVIM_ROOT'),
    init_options = { analyzeWorkspaceOnStartup = true },
    handlers = handlers,
  }
  if vim.lsp.start then
    result.startedWith = 'vim.lsp.start'
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  result.startedWith = 'vim.lsp.start_client'
  local client_id = vim.lsp.start_client(config)
  if not client_id then error('vim.lsp.start_client refused the configuration') end
  if not vim.lsp.buf_attach_client(bufnr, client_id) then error('buf_attach_client failed') end
  return client_id
end

local function diagnostics_and_hover()
  bufnr = vim.api.nvim_get_current_buf()
  result.bufferName = vim.api.nvim_buf_get_name(bufnr)
  result.filetype = vim.bo[bufnr].filetype
  local uri = vim.uri_from_bufnr(bufnr)
  local client_id = start_client()
  result.clientId = client_id

  -- 1. diagnostics
  result.diagnosticsArrived = vim.wait(wait_budget('ALLOY_NVIM_DIAGNOSTICS_MS', 20000), function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50)
  result.diagnostics = plain_diagnostics()
  local client = vim.lsp.get_client_by_id(client_id)
  result.offsetEncoding = client and client.offset_encoding or nil

  -- 2. hover on brief.digest
  local hover_params = {
    textDocument = { uri = uri },
    position = {
      line = tonumber(required_env('ALLOY_NVIM_HOVER_LINE')),
      character = tonumber(required_env('ALLOY_NVIM_HOVER_CHARACTER')),
    },
  }
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', hover_params, wait_budget('ALLOY_NVIM_REQUEST_MS', 10000))
  local hover = only_response(responses, client_id)
  if err then result.hoverError = tostring(err) end
  if hover and hover.error then result.hoverError = vim.fn.json_encode(hover.error) end
  result.hover = hover and hover.result and hover_text(hover.result.contents) or vim.NIL
end

local function quick_fix(client_id)
  local uri = vim.uri_from_bufnr(bufnr)
  local client = vim.lsp.get_client_by_id(client_id)
  local responses, err
  -- 3. quick fix for digest-mismatch
  local fix = { applied = false }
  result.fix = fix
  local target = find_code('digest-mismatch')
  if not target then
    fix.skipped = 'no digest-mismatch diagnostic to fix'
    return
  end
  local lsp_diagnostic = {
    range = {
      start = { line = target.lnum, character = target.col },
      ['end'] = { line = target.end_lnum, character = target.end_col },
    },
    severity = target.severity,
    message = target.message,
    code = code_of(target),
  }
  local action_params = {
    textDocument = { uri = uri },
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic } },
  }
  responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', action_params, wait_budget('ALLOY_NVIM_REQUEST_MS', 10000))
  if err then fix.error = tostring(err) end
  local actions = only_response(responses, client_id)
  if actions and actions.error then fix.error = vim.fn.json_encode(actions.error) end
  fix.titles = {}
  local chosen
  for _, action in ipairs(actions and actions.result or {}) do
    table.insert(fix.titles, action.title)
    if not chosen and action.kind == 'quickfix' and action.edit then chosen = action end
  end
  if not chosen then
    fix.skipped = 'no quick fix with an edit was offered'
    return
  end
  fix.title = chosen.title
  local before = publishes_for_buffer
  -- 0.7 takes (edit, offset_encoding) and warns without the encoding; 0.6 takes only the edit and
  -- ignores the extra argument.
  vim.lsp.util.apply_workspace_edit(chosen.edit, (client and client.offset_encoding) or 'utf-16')
  fix.applied = true
  fix.newDiagnosticsArrived = vim.wait(wait_budget('ALLOY_NVIM_AFTER_FIX_MS', 15000), function()
    return publishes_for_buffer > before and find_code('digest-mismatch') == nil
  end, 50)
  fix.publishesAfterEdit = publishes_for_buffer - before
  fix.diagnostics = plain_diagnostics()
  fix.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end

-- ---- navigation (issue 15): what Neovim 0.7's client can ask for ----

local function request_ms() return wait_budget('ALLOY_NVIM_REQUEST_MS', 10000) end

-- The result of one request to our client on `buffer`; raises with the server's error.
local function ask(buffer, method, params)
  local responses, err = vim.lsp.buf_request_sync(buffer, method, params, request_ms())
  if err then error(method .. ': ' .. tostring(err)) end
  local response = only_response(responses, result.clientId)
  if response == nil then error(method .. ': no response from the alloy client') end
  if response.error then return nil, response.error end
  return response.result
end

local function range_of(range)
  return { range.start.line, range.start.character, range['end'].line, range['end'].character }
end

local function plain_locations(locations)
  local list = {}
  for _, l in ipairs(locations or {}) do
    table.insert(list, { path = vim.uri_to_fname(l.uri or l.targetUri), range = range_of(l.range or l.targetSelectionRange) })
  end
  return list
end

local function symbol_tree(symbols)
  local list = {}
  for _, sym in ipairs(symbols or {}) do
    table.insert(list, { name = sym.name, kind = sym.kind, children = symbol_tree(sym.children) })
  end
  return list
end

-- Every lens of `buffer`, each resolved when it came without a command.
local function lens_titles(buffer)
  local lenses = ask(buffer, 'textDocument/codeLens', { textDocument = { uri = vim.uri_from_bufnr(buffer) } }) or {}
  local client = vim.lsp.get_client_by_id(result.clientId)
  local titles = {}
  for _, lens in ipairs(lenses) do
    if not lens.command then
      local response = client.request_sync('codeLens/resolve', lens, request_ms(), buffer)
      if response and response.result then lens = response.result end
    end
    table.insert(titles, lens.command and lens.command.title or vim.NIL)
  end
  return titles
end

-- A second (third) buffer on `path`, loaded and attached to our client.
local function open_buffer(path)
  local buffer = vim.fn.bufadd(path)
  vim.fn.bufload(buffer)
  vim.bo[buffer].buflisted = true
  if not vim.lsp.buf_attach_client(buffer, result.clientId) then error('buf_attach_client failed for ' .. path) end
  return buffer
end

local function apply_edit(edit)
  local client = vim.lsp.get_client_by_id(result.clientId)
  vim.lsp.util.apply_workspace_edit(edit, (client and client.offset_encoding) or 'utf-16')
end

local function position_of(p) return { line = p[1], character = p[2] } end

local function navigation_before_fix(plan, nav)
  local uri = vim.uri_from_bufnr(bufnr)
  -- References and workspace symbols cover unopened files once the start-up scan has read them.
  nav.scanEnded = vim.wait(wait_budget('ALLOY_NVIM_DIAGNOSTICS_MS', 20000), function() return result.progressEnded == true end, 50)
  nav.references = plain_locations(ask(bufnr, 'textDocument/references', {
    textDocument = { uri = uri },
    position = position_of(plan.briefIdAt),
    context = { includeDeclaration = true },
  }))
  nav.documentSymbols = symbol_tree(ask(bufnr, 'textDocument/documentSymbol', { textDocument = { uri = uri } }))
  local symbols = ask(bufnr, 'workspace/symbol', { query = plan.symbolQuery }) or {}
  nav.workspaceSymbols = {}
  for _, sym in ipairs(symbols) do
    table.insert(nav.workspaceSymbols, { name = sym.name, kind = sym.kind, path = vim.uri_to_fname(sym.location.uri), range = range_of(sym.location.range) })
  end
  nav.lensesBeforeFix = lens_titles(bufnr)
end

local function rename(plan, nav)
  local buffer = open_buffer(plan.rename.file)
  local uri = vim.uri_from_bufnr(buffer)
  local at = position_of(plan.rename.at)
  local renamed = { }
  nav.rename = renamed
  local prepared, prepare_error = ask(buffer, 'textDocument/prepareRename', { textDocument = { uri = uri }, position = at })
  renamed.prepare = prepared and { range = range_of(prepared.range or prepared), placeholder = prepared.placeholder } or vim.NIL
  if prepare_error then renamed.prepareError = prepare_error.message end
  local _, refused = ask(buffer, 'textDocument/rename', { textDocument = { uri = uri }, position = at, newName = plan.rename.badName })
  renamed.refused = refused and refused.message or vim.NIL
  local edit, rename_error = ask(buffer, 'textDocument/rename', { textDocument = { uri = uri }, position = at, newName = plan.rename.newName })
  if rename_error then error('rename: ' .. vim.fn.json_encode(rename_error)) end
  renamed.files = {}
  for _, change in ipairs(edit.documentChanges or {}) do
    table.insert(renamed.files, vim.uri_to_fname(change.textDocument.uri))
  end
  for changed_uri, _ in pairs(edit.changes or {}) do table.insert(renamed.files, vim.uri_to_fname(changed_uri)) end
  local before = publishes_by_buffer[buffer] or 0
  apply_edit(edit)
  -- apply_workspace_edit loads the unopened files into buffers that no client is attached to.
  -- Neovim 0.7 has no file watcher for the server (no workspace/didChangeWatchedFiles), so, as
  -- lspconfig does for every json/yaml buffer, the client is attached to each (didOpen sends the
  -- edited text), and then each is written.
  for _, file in ipairs(renamed.files) do
    local touched = vim.fn.bufnr(file)
    if touched < 0 then error('the rename edit left no buffer for ' .. file) end
    if not vim.lsp.buf_is_attached(touched, result.clientId) then vim.lsp.buf_attach_client(touched, result.clientId) end
    vim.api.nvim_buf_call(touched, function() vim.cmd('silent write') end)
  end
  renamed.applied = true
  -- The buffer's own text changed: the server republishes for it, and with a consistent rename nothing is wrong.
  renamed.newDiagnosticsArrived = vim.wait(wait_budget('ALLOY_NVIM_AFTER_FIX_MS', 15000), function()
    return (publishes_by_buffer[buffer] or 0) > before and #vim.diagnostic.get(buffer) == 0
  end, 50)
  renamed.diagnostics = plain_diagnostics(buffer)
  renamed.lenses = lens_titles(buffer)
end

local function migrate(plan, nav)
  local buffer = open_buffer(plan.migrate.file)
  local uri = vim.uri_from_bufnr(buffer)
  local migration = { applied = false }
  nav.migration = migration
  migration.arrived = vim.wait(wait_budget('ALLOY_NVIM_DIAGNOSTICS_MS', 20000), function()
    return find_code('pre-v1-brief', buffer) ~= nil
  end, 50)
  migration.diagnosticsBefore = plain_diagnostics(buffer)
  local target = find_code('pre-v1-brief', buffer)
  if not target then return end
  local range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum, character = target.end_col } }
  local actions = ask(buffer, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = range,
    context = { diagnostics = { { range = range, severity = target.severity, message = target.message, code = code_of(target), source = 'alloy' } }, only = { 'quickfix' } },
  }) or {}
  migration.actions = {}
  local chosen
  for _, action in ipairs(actions) do
    table.insert(migration.actions, { title = action.title, kind = action.kind, isPreferred = action.isPreferred or false })
    if not chosen and action.edit then chosen = action end
  end
  if not chosen then return end
  local before = publishes_by_buffer[buffer] or 0
  apply_edit(chosen.edit)
  migration.applied = true
  migration.newDiagnosticsArrived = vim.wait(wait_budget('ALLOY_NVIM_AFTER_FIX_MS', 15000), function()
    return (publishes_by_buffer[buffer] or 0) > before and find_code('pre-v1-brief', buffer) == nil
  end, 50)
  migration.diagnostics = plain_diagnostics(buffer)
  migration.lines = vim.api.nvim_buf_get_lines(buffer, 0, -1, false)
end

-- "Create an execution request from this brief" on a brief in a small git repository: the code
-- action (only = source) and the command it carries, run through workspace/executeCommand.
local function new_request(plan, made)
  local buffer = open_buffer(plan.newRequest.file)
  local uri = vim.uri_from_bufnr(buffer)
  made.briefUri = uri
  local client = vim.lsp.get_client_by_id(result.clientId)
  local provider = client.server_capabilities and client.server_capabilities.executeCommandProvider
  made.announcedCommands = provider and provider.commands or {}
  local range = { start = { line = 1, character = 0 }, ['end'] = { line = 1, character = 0 } }
  local actions, action_error = ask(buffer, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = range,
    context = { diagnostics = {}, only = { 'source' } },
  })
  if action_error then made.error = vim.fn.json_encode(action_error) end
  made.actions = {}
  for _, action in ipairs(actions or {}) do
    table.insert(made.actions, { title = action.title, kind = action.kind, command = action.command or vim.NIL, hasEdit = action.edit ~= nil, disabled = action.disabled ~= nil })
  end
  local chosen = actions and actions[1]
  if not (chosen and chosen.command) then return end
  local command = { command = chosen.command.command, arguments = chosen.command.arguments }
  local response = client.request_sync('workspace/executeCommand', command, request_ms(), buffer)
  if response == nil then error('workspace/executeCommand: no response') end
  if response.err then made.executeError = vim.fn.json_encode(response.err) end
  local answer = response.result
  if type(answer) == 'table' then
    made.executed = { requestId = answer.requestId, uri = answer.uri, path = answer.uri and vim.uri_to_fname(answer.uri) or vim.NIL }
  end
end

-- One step: a Lua error is recorded under its name, and the steps after it still run.
local function step(name, fn, ...)
  local ok, failure = xpcall(fn, debug.traceback, ...)
  if not ok then
    result.phaseErrors = result.phaseErrors or {}
    result.phaseErrors[name] = tostring(failure)
  end
end

local function run()
  diagnostics_and_hover()
  local plan_text = os.getenv('ALLOY_NVIM_PLAN')
  local plan = plan_text and plan_text ~= '' and vim.fn.json_decode(plan_text) or nil
  local nav = {}
  if plan then
    result.navigation = nav
    step('navigation', navigation_before_fix, plan, nav)
  end
  step('fix', quick_fix, result.clientId)
  if plan then
    step('lenses after the fix', function() nav.lensesAfterFix = lens_titles(bufnr) end)
    step('rename', rename, plan, nav)
    step('migration', migrate, plan, nav)
    nav.newRequest = {}
    step('new request', new_request, plan, nav.newRequest)
  end
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, failure = xpcall(run, debug.traceback)
    if not ok then result.error = tostring(failure) end
    local written, write_failure = pcall(write_result)
    if not written then io.stderr:write('could not write the result: ' .. tostring(write_failure) .. '\n') end
    vim.cmd('qa!')
  end,
})

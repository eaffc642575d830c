-- Headless Neovim driver for test/nvim/run.mjs. Works with Neovim 0.7 (vim.lsp.start_client)
-- and later releases (vim.lsp.start). It attaches the Alloy language server to the buffer
-- opened on the command line, then records in the JSON file $ALLOY_NVIM_OUT:
--   diagnostics        what the server published for the buffer
--   hover              the hover text at ($ALLOY_NVIM_HOVER_LINE, $ALLOY_NVIM_HOVER_CHARACTER), 0-based
--   fix                the quick fix applied for digest-mismatch and the diagnostics that followed
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
      if method == 'textDocument/publishDiagnostics' and params and bufnr
          and vim.uri_to_bufnr(params.uri) == bufnr then
        publishes_for_buffer = publishes_for_buffer + 1
        result.publishCount = publishes_for_buffer
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

local function plain_diagnostics()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
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

local function find_code(code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
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

local function run()
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

// Notifications as the user sees them, read in the workbench DOM through the bridge.

'use strict';

const vscode = require('vscode');
const { ask } = require('./bridge');

/** The notification matching `pattern`, read in the Notification Center (the smoke-test driver shows no toasts). */
async function notification(pattern) {
  await vscode.commands.executeCommand('notifications.showList');
  try {
    return await ask('dom:notification', { pattern });
  } finally {
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

module.exports = { notification };

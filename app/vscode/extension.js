// The Backstep debugger type: VS Code starts `backstep dap` and speaks the Debug Adapter Protocol
// with it over stdin/stdout. Everything else (recording, stepping both ways) happens in the adapter.
'use strict';
const vscode = require('vscode');

function activate(context) {
    context.subscriptions.push(vscode.debug.registerDebugAdapterDescriptorFactory('backstep', {
        createDebugAdapterDescriptor(session) {
            const launcher = vscode.workspace.getConfiguration('backstep').get('path') || 'backstep';
            const cwd = session.workspaceFolder ? session.workspaceFolder.uri.fsPath : undefined;
            return new vscode.DebugAdapterExecutable(launcher, ['dap'], cwd ? { cwd } : {});
        }
    }));
}

function deactivate() {
}

module.exports = { activate, deactivate };

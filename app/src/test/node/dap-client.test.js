// Drives `backstep dap` with @vscode/debugadapter-testsupport's DebugClient, the client VS Code's own
// debug adapters are tested with: an independent implementation of the protocol's client side.
//
// Usage: node dap-client.test.js [LAUNCHER]
// LAUNCHER is a program that takes `dap` as its argument (default: the repository's ./backstep).
// Exits 0 when every check passed, 1 with the failed check otherwise.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const { DebugClient } = require('@vscode/debugadapter-testsupport');

const launcher = process.argv[2] || path.resolve(__dirname, '../../../../backstep');

function stoppedWith(dc, reason) {
    return dc.waitForEvent('stopped').then(e => {
        assert.equal(e.body.reason, reason, `stopped for '${e.body.reason}' (${e.body.description}), expected '${reason}'`);
        return e.body;
    });
}

// Listens before sending: the event may arrive in the same chunk as the response.
async function moveAndStop(dc, request, reason) {
    const [stop] = await Promise.all([stoppedWith(dc, reason), request]);
    return stop;
}

async function topFrame(dc) {
    const r = await dc.stackTraceRequest({ threadId: 1 });
    return r.body.stackFrames[0];
}

async function main() {
    const dc = new DebugClient(launcher, 'dap', 'backstep', {}, true);
    dc.defaultTimeout = 120000;
    let output = '';
    dc.on('output', e => { output += e.body.output; });
    await dc.start();
    try {
        const init = await dc.initializeRequest();
        assert.equal(init.body.supportsStepBack, true, 'supportsStepBack');
        assert.equal(init.body.supportsDataBreakpoints, true, 'supportsDataBreakpoints');

        await Promise.all([dc.launchRequest({ program: 'corruption' }), dc.waitForEvent('initialized')]);
        const fb = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'fill_scores' }] });
        assert.equal(fb.body.breakpoints[0].verified, true, 'function breakpoint verified');
        await moveAndStop(dc, dc.configurationDoneRequest(), 'function breakpoint');
        const entry = await topFrame(dc);
        assert.equal(entry.name, 'fill_scores');

        // A breakpoint on a line of the WebAssembly text, a few instructions into the function.
        const src = await dc.sourceRequest({ source: entry.source, sourceReference: entry.source.sourceReference });
        assert.match(src.body.content, /\(func \$fill_scores/);
        const bps = await dc.setBreakpointsRequest({ source: entry.source, breakpoints: [{ line: entry.line + 3 }] });
        const bp = bps.body.breakpoints[0];
        assert.equal(bp.verified, true, `line breakpoint verified: ${bp.message}`);
        await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
        await moveAndStop(dc, dc.continueRequest({ threadId: 1 }), 'breakpoint');
        const atLine = await topFrame(dc);
        assert.equal(atLine.line, bp.line, 'stopped on the breakpoint\'s line');

        // Forward one, back one.
        await moveAndStop(dc, dc.nextRequest({ threadId: 1 }), 'step');
        assert.notEqual((await topFrame(dc)).line, bp.line);
        await moveAndStop(dc, dc.stepBackRequest({ threadId: 1 }), 'step');
        assert.equal((await topFrame(dc)).line, bp.line, 'stepBack returns to the breakpoint line');

        // Locals, and the expression language on them.
        const scopes = await dc.scopesRequest({ frameId: atLine.id });
        const locals = scopes.body.scopes.find(s => s.name === 'Locals');
        const vars = await dc.variablesRequest({ variablesReference: locals.variablesReference });
        const v = vars.body.variables[0];
        const ev = await dc.evaluateRequest({ expression: `${v.evaluateName} * 2`, frameId: atLine.id, context: 'watch' });
        assert.equal(ev.body.result, String(2 * Number(v.value)));

        // Run to the trap, then find who wrote the corrupted pointer.
        await dc.setBreakpointsRequest({ source: entry.source, breakpoints: [] });
        const trap = await moveAndStop(dc, dc.continueRequest({ threadId: 1 }), 'exception');
        assert.match(trap.text, /out of bounds/);
        assert.equal((await topFrame(dc)).name, 'report');
        const m = /board\.leader lives at (0x[0-9a-f]+)/.exec(output);
        assert.ok(m, `the program's output arrived as output events: ${JSON.stringify(output)}`);
        const info = await dc.dataBreakpointInfoRequest({ name: m[1], asAddress: true, bytes: 4 });
        assert.ok(info.body.dataId, info.body.description);
        const db = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId, accessType: 'write' }] });
        assert.equal(db.body.breakpoints[0].verified, true);
        await moveAndStop(dc, dc.reverseContinueRequest({ threadId: 1 }), 'data breakpoint');
        assert.equal((await topFrame(dc)).name, 'fill_scores', 'the corrupting write is in fill_scores');
        const mem = await dc.customRequest('readMemory', { memoryReference: m[1], count: 4 });
        assert.equal(Buffer.from(mem.body.data, 'base64').toString('hex'), 'ffffffff');

        // Mistakes get error responses, and the session goes on.
        await assert.rejects(dc.customRequest('frobnicate', {}), /frobnicate/);
        await assert.rejects(dc.evaluateRequest({ expression: '1 +', frameId: atLine.id }), /evaluate/);
        const threads = await dc.threadsRequest();
        assert.equal(threads.body.threads.length, 1);
    } finally {
        await dc.stop();
    }
}

main().then(() => {
    console.log('dap-client.test.js: all checks passed');
}, err => {
    console.error('dap-client.test.js: FAILED: ' + (err && err.stack || err));
    process.exit(1);
});

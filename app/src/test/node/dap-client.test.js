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

/** Waits for a stop for {@code reason} (or one of several reasons). */
function stoppedWith(dc, reason) {
    const reasons = [].concat(reason);
    return dc.waitForEvent('stopped').then(e => {
        assert.ok(reasons.includes(e.body.reason), `stopped for '${e.body.reason}' (${e.body.description}), expected '${reasons.join("' or '")}'`);
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

        // The bundled sample's C source is served by reference; a breakpoint on one of its lines,
        // named by a path from another machine (matched by its tail).
        assert.equal(entry.source.name, 'corruption.c');
        const src = await dc.sourceRequest({ source: entry.source, sourceReference: entry.source.sourceReference });
        assert.match(src.body.content, /static void fill_scores\(uint32_t n\)/);
        const storeLine = src.body.content.split('\n').findIndex(l => l.includes('board.scores[i] = NO_SCORE;')) + 1;
        assert.ok(storeLine > 0, 'the store is in the source');
        const elsewhere = { name: 'corruption.c', path: '/home/someone/backstep/samples/src/corruption.c' };
        const bps = await dc.setBreakpointsRequest({ source: elsewhere, breakpoints: [{ line: storeLine }] });
        const bp = bps.body.breakpoints[0];
        assert.equal(bp.verified, true, `line breakpoint verified: ${bp.message}`);
        assert.equal(bp.line, storeLine);
        await dc.setFunctionBreakpointsRequest({ breakpoints: [] });
        await moveAndStop(dc, dc.continueRequest({ threadId: 1 }), 'breakpoint');
        const atLine = await topFrame(dc);
        assert.equal(atLine.name, 'fill_scores');
        assert.equal(atLine.source.name, 'corruption.c');
        assert.equal(atLine.line, storeLine, 'stopped on the breakpoint\'s line');

        // A line forward, one back.
        await moveAndStop(dc, dc.nextRequest({ threadId: 1 }), 'step');
        assert.notEqual((await topFrame(dc)).line, storeLine);
        // Landing back on the breakpoint's own line reports the breakpoint, as gdb's reverse-next does.
        await moveAndStop(dc, dc.stepBackRequest({ threadId: 1 }), ['step', 'breakpoint']);
        assert.equal((await topFrame(dc)).line, storeLine, 'stepBack returns to the breakpoint line');

        // C globals, structured, and C expressions on them.
        const scopes = await dc.scopesRequest({ frameId: atLine.id });
        const globals = scopes.body.scopes.find(s => s.name === 'Globals');
        const gvars = await dc.variablesRequest({ variablesReference: globals.variablesReference });
        const board = gvars.body.variables.find(v => v.name === 'board');
        assert.ok(board && board.variablesReference > 0, 'board is a struct to expand');
        const members = await dc.variablesRequest({ variablesReference: board.variablesReference });
        const rounds = members.body.variables.find(v => v.name === 'rounds_played');
        assert.equal(rounds.evaluateName, 'board.rounds_played');
        const ev = await dc.evaluateRequest({ expression: `${rounds.evaluateName} * 2 + 1`, frameId: atLine.id, context: 'watch' });
        assert.equal(ev.body.result, String(2 * Number(rounds.value) + 1));

        // Frames without line information show the WebAssembly text.
        const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
        const outer = frames[frames.length - 1];
        const wat = await dc.sourceRequest({ source: outer.source, sourceReference: outer.source.sourceReference });
        assert.match(wat.body.content, /\(func \$fill_scores/);

        // Run to the trap, then find who wrote the corrupted pointer.
        await dc.setBreakpointsRequest({ source: elsewhere, breakpoints: [] });
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

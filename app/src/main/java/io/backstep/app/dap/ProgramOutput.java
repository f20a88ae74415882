package io.backstep.app.dap;

import io.backstep.recorder.timeline.Timeline;

/**
 * The program's output as it "happens": the client gets, as output events, what the program wrote up
 * to the furthest step it has been run to, each piece once (going back and forward again repeats
 * nothing).
 */
final class ProgramOutput {
    private long furthest = -1;
    private int sent;

    /** The output not sent yet, if the timeline stands further than ever before; else null. */
    String advance(Timeline timeline) {
        long step = timeline.currentStep();
        if (step <= furthest) return null;
        furthest = step;
        String all = timeline.console(step);
        if (all.length() <= sent) return null;
        String news = all.substring(sent);
        sent = all.length();
        return news;
    }
}

package io.backstep.app.ui;

import io.backstep.app.ModuleProblem;
import io.backstep.engine.ModuleException;
import io.backstep.engine.runtime.LinkException;

/** The error dialog's text when a module cannot be opened: {@link ModuleProblem}'s summary as a sentence, then the detail. */
final class LoadError {
    private LoadError() {
    }

    /** The text of the error dialog for {@code e}, raised opening a module of {@code size} bytes. */
    static String describe(Throwable e, long size) {
        String detail = Alerts.message(e);
        ModuleException m = moduleException(e);
        if (m == null) {
            if (linkException(e)) return "The module needs imports that Backstep does not provide.\n\nDetail: " + detail;
            return detail;
        }
        String summary = ModuleProblem.summary(m, size);
        summary = Character.toUpperCase(summary.charAt(0)) + summary.substring(1) + ".";
        return summary + "\n\nDetail: " + ModuleProblem.detail(m);
    }

    private static ModuleException moduleException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ModuleException m) return m;
        }
        return null;
    }

    private static boolean linkException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof LinkException) return true;
        }
        return false;
    }
}

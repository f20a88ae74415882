package io.backstep.app.dap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.debug.services.IDebugProtocolClient;
import org.eclipse.lsp4j.jsonrpc.MessageIssueException;
import org.eclipse.lsp4j.jsonrpc.debug.DebugLauncher;
import org.eclipse.lsp4j.jsonrpc.debug.json.DebugMessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.debug.messages.DebugRequestMessage;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.MessageIssue;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * LSP4J's DAP transport for one session, with one change: a message that is not JSON at all gets an
 * error response (LSP4J alone would only log it, leaving the client waiting). The response answers the
 * {@code seq} and {@code command} the text seems to carry, or seq 0 if it names none.
 */
final class ProtocolLauncher extends DebugLauncher.Builder<IDebugProtocolClient> {
    private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d{1,9})");
    private static final Pattern COMMAND = Pattern.compile("\"command\"\\s*:\\s*\"([A-Za-z]{1,64})\"");

    ProtocolLauncher(DapSession session, InputStream in, OutputStream out) {
        setLocalService(session);
        setRemoteInterface(IDebugProtocolClient.class);
        setInput(in);
        setOutput(out);
        // Outgoing messages are reported to the session after they are written (see DapSession.sent).
        wrapMessages(consumer -> message -> {
            consumer.consume(message);
            session.sent(message);
        });
        setExecutorService(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "backstep-dap-io");
            t.setDaemon(true);
            return t;
        }));
    }

    @Override
    protected MessageJsonHandler createJsonHandler() {
        return new DebugMessageJsonHandler(getSupportedMethods(), configureGson != null ? configureGson : gson -> { }) {
            @Override
            public Message parseMessage(Reader input) {
                String text;
                try {
                    text = readAll(input);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                try {
                    return super.parseMessage(new StringReader(text));
                } catch (MessageIssueException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw malformed(text, e);
                }
            }
        };
    }

    private static String readAll(Reader in) throws IOException {
        StringBuilder b = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = in.read(buf)) > 0; ) b.append(buf, 0, n);
        return b.toString();
    }

    private static MessageIssueException malformed(CharSequence input, RuntimeException cause) {
        DebugRequestMessage m = new DebugRequestMessage();
        Matcher seq = SEQ.matcher(input);
        m.setId(seq.find() ? Integer.parseInt(seq.group(1)) : 0);
        Matcher command = COMMAND.matcher(input);
        m.setMethod(command.find() ? command.group(1) : "unknown");
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().lines().findFirst().orElse("");
        why = why.replaceFirst("^[\\w.]+Exception: ", "");
        return new MessageIssueException(m, new MessageIssue("malformed message (not valid DAP JSON): " + why,
                ResponseErrorCode.ParseError.getValue()));
    }
}

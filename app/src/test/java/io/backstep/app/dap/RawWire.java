package io.backstep.app.dap;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * DAP framing without a protocol library, to send what no well-behaved client would (text that is
 * not JSON, unknown commands) and read the adapter's answers as plain JSON.
 */
final class RawWire {
    private final InputStream in;
    private final OutputStream out;
    /** Events read while looking for a response: the protocol does not order an event after the response it follows. */
    private final java.util.ArrayDeque<JsonObject> events = new java.util.ArrayDeque<>();

    RawWire(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    void send(String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write(("Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    /** Sends request {@code seq} and returns its response, skipping events. */
    JsonObject request(int seq, String command, String argumentsJson) throws IOException {
        send("{\"seq\":" + seq + ",\"type\":\"request\",\"command\":\"" + command + "\""
                + (argumentsJson == null ? "" : ",\"arguments\":" + argumentsJson) + "}");
        return response();
    }

    /** The next response, skipping events. */
    JsonObject response() throws IOException {
        while (true) {
            JsonObject m = readWire();
            if (m.get("type").getAsString().equals("response")) return m;
            events.add(m);
        }
    }

    /** The next message not yet seen (events skipped by {@link #response()} first). */
    JsonObject read() throws IOException {
        return events.isEmpty() ? readWire() : events.poll();
    }

    /** The next event named {@code event}, passing over other events (initialized, output…). */
    JsonObject event(String event) throws IOException {
        while (true) {
            JsonObject m = read();
            if ("event".equals(m.get("type").getAsString()) && event.equals(m.get("event").getAsString())) return m;
        }
    }

    private JsonObject readWire() throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        while (!header.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) throw new IOException("the adapter closed the stream");
            header.write(c);
        }
        int length = -1;
        for (String line : header.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).strip());
        }
        byte[] body = in.readNBytes(length);
        return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    }
}

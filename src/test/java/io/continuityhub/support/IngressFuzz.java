package io.continuityhub.support;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * Bad bodies for an HTTP ingress, each of which the hub must refuse with a 4xx (docs/api.md#what-
 * the-ingresses-refuse): a checked-in corpus ({@code src/test/resources/fuzz/*.txt}, one body a
 * line) and mutations of a valid body that break one rule each, made from a seed so a failure can
 * be replayed ({@code -Dfuzz.seed=…} explores others). Every mutation is bad by construction: a
 * truncated object, a refused character, bytes that are not UTF-8, nesting past the limit, a number
 * beyond a double, something after the object.
 */
public final class IngressFuzz {

    /** One bad body: what was done to it, and its bytes as sent. */
    public record BadBody(String name, byte[] bytes) {
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Content types that are not JSON, with a body each: 415 before any of it is read. */
    public static final Map<String, String> NOT_JSON = Map.of(
            "text/plain", "hello",
            "application/x-www-form-urlencoded", "eventId=1&text=hi",
            "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n",
            "application/xml", "<a/>",
            "application/octet-stream", "{}");

    /**
     * Rows any HTTP ingress writes, summed: what a refused body must leave as it was. Mail is left
     * out, as the email poller of the shared hub may accept a mail of another test meanwhile.
     */
    public static final String STORED_ROWS = """
            SELECT (SELECT count(*) FROM interaction WHERE ingress <> 'email')
                 + (SELECT count(*) FROM inbox)
                 + (SELECT count(*) FROM inbound_message_id WHERE message_id NOT LIKE 'email:%')
                 + (SELECT count(*) FROM session_event
                    WHERE type IN ('customer_message', 'carrier_scan') AND channel IS DISTINCT FROM 'email')
                 + (SELECT count(*) FROM customer_handle WHERE channel <> 'email')
                 + (SELECT count(*) FROM carrier_scan_unmatched)
                 + (SELECT count(*) FROM shipment_watch)""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARK = "\uE000";
    private static final int[] REFUSED_CONTROLS = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0B, 0x0C, 0x0E,
            0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F};
    private static final byte[][] NOT_UTF8 = {{(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC3, 0x28}, {(byte) 0xA0},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE9, 0x74, (byte) 0xE9}};
    private static final String[] HUGE_NUMBERS = {"1e400", "-1e400", "1E+999999", "-2.5e99999", "9".repeat(400),
            "-" + "9".repeat(400) + ".5", "1" + "0".repeat(1200)};

    private IngressFuzz() {
    }

    /** The seed of the mutations: fixed, so a run is repeatable, unless {@code -Dfuzz.seed} says otherwise. */
    public static long seed(long fixed) {
        return Long.getLong("fuzz.seed", fixed);
    }

    /** The bodies of a corpus file: one a line, as written (JSON escapes stay escapes); '#' starts a comment line. */
    public static List<BadBody> corpus(String resource) {
        List<BadBody> bodies = new ArrayList<>();
        try (InputStream in = IngressFuzz.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus " + resource);
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
                if (!line.isBlank() && !line.startsWith("#")) {
                    bodies.add(new BadBody(resource + ":" + (i + 1), line.getBytes(StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bodies;
    }

    /** The valid body with the value at the JSON pointer replaced by each of these JSON texts (null: removed). */
    public static List<BadBody> replacing(String valid, String pointer, List<String> values) {
        List<BadBody> bodies = new ArrayList<>();
        for (String value : values) {
            JsonNode root = read(valid);
            JsonPointer at = JsonPointer.compile(pointer);
            JsonNode parent = root.at(at.head());
            String name = at.last().getMatchingProperty();
            if (value == null) {
                if (parent instanceof ObjectNode object) {
                    object.remove(name);
                } else {
                    ((ArrayNode) parent).remove(at.last().getMatchingIndex());
                }
                bodies.add(new BadBody("without " + pointer, utf8(root.toString())));
                continue;
            }
            set(parent, at, new TextNode(MARK));
            bodies.add(new BadBody(pointer + " = " + abbreviate(value), utf8(root.toString().replace("\"" + MARK + "\"", value))));
        }
        return bodies;
    }

    /** Mutations of a valid JSON object, each breaking one rule; about 200 of them. */
    public static List<BadBody> mutationsOf(String valid, long seed) {
        Random random = new Random(seed);
        List<BadBody> bodies = new ArrayList<>();
        byte[] bytes = utf8(valid);
        for (int i = 0; i < 40; i++) {
            int cut = random.nextInt(bytes.length - 1);
            bodies.add(new BadBody("cut at byte " + cut, Arrays.copyOf(bytes, cut)));
        }
        for (int i = 0; i < 40; i++) {
            int control = REFUSED_CONTROLS[random.nextInt(REFUSED_CONTROLS.length)];
            bodies.add(mutated(valid, random, "U+%04X escaped in a %s".formatted(control, "%s"),
                    text -> insert(text, random, String.valueOf((char) control)), Function.identity()));
        }
        for (int i = 0; i < 25; i++) {
            int control = random.nextInt(0x20);
            bodies.add(mutated(valid, random, "raw U+%04X in a %s".formatted(control, "%s"), text -> insert(text, random, MARK),
                    json -> json.replace(MARK, String.valueOf((char) control))));
        }
        for (int i = 0; i < 15; i++) {
            String surrogate = "\\u%04x".formatted(0xD800 + random.nextInt(0x800));
            bodies.add(mutated(valid, random, "half a surrogate pair " + surrogate + " in a %s", text -> insert(text, random, MARK),
                    json -> json.replace(MARK, surrogate)));
        }
        for (int i = 0; i < 25; i++) {
            byte[] bad = NOT_UTF8[random.nextInt(NOT_UTF8.length)];
            BadBody marked = mutated(valid, random, "bytes that are not UTF-8 in a %s", text -> insert(text, random, MARK),
                    Function.identity());
            bodies.add(new BadBody(marked.name() + " (" + hex(bad) + ")", replace(marked.bytes(), utf8(MARK), bad)));
        }
        for (int i = 0; i < 15; i++) {
            int depth = 33 + random.nextInt(300);
            String nested = random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                    : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            bodies.add(replacingAny(valid, random, "nested " + depth + " deep", nested));
        }
        for (int i = 0; i < 20; i++) {
            String number = HUGE_NUMBERS[random.nextInt(HUGE_NUMBERS.length)];
            bodies.add(replacingAny(valid, random, "the number " + abbreviate(number), number));
        }
        for (String after : List.of(" x", valid, "]", "}", ",{}", " null", "\u0000")) {
            bodies.add(new BadBody("something after the object: " + abbreviate(after), utf8(valid + after)));
        }
        return bodies;
    }

    /**
     * What is wrong with the hub's answer to a bad body, if anything: it must be a 4xx in the API's
     * error shape ({@code error} and {@code message}).
     */
    public static Optional<String> wrongAnswer(BadBody body, HubClient.Response response) {
        String what = body.name() + " [" + abbreviate(body.text()) + "] -> " + response.status() + " " + abbreviate(response.body());
        if (response.status() < 400 || response.status() > 499) {
            return Optional.of(what);
        }
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error == null || !error.path("error").isTextual() || error.path("message").asText("").isBlank()) {
                return Optional.of(what + " (not the API's error shape)");
            }
        } catch (IOException e) {
            return Optional.of(what + " (not JSON)");
        }
        return Optional.empty();
    }

    /**
     * A mutation of one string of the body, a value or a name picked at random: {@code text} changes
     * it in the tree, {@code wire} then changes the JSON written from it.
     */
    private static BadBody mutated(String valid, Random random, String name, Function<String, String> text,
                                   Function<String, String> wire) {
        JsonNode root = read(valid);
        List<String> places = new ArrayList<>();
        collect(root, "", places);
        String place = places.get(random.nextInt(places.size()));
        if (place.startsWith("name:")) {
            String pointer = place.substring(5);
            JsonPointer at = JsonPointer.compile(pointer);
            ObjectNode parent = (ObjectNode) root.at(at.head());
            String old = at.last().getMatchingProperty();
            JsonNode value = parent.remove(old);
            parent.set(text.apply(old), value);
            return new BadBody(name.formatted("name at " + pointer), utf8(wire.apply(root.toString())));
        }
        String pointer = place.substring(6);
        JsonPointer at = JsonPointer.compile(pointer);
        set(root.at(at.head()), at, new TextNode(text.apply(root.at(at).asText())));
        return new BadBody(name.formatted("string at " + pointer), utf8(wire.apply(root.toString())));
    }

    /** The body with one value (any, at random, not the root) replaced by this JSON text. */
    private static BadBody replacingAny(String valid, Random random, String name, String value) {
        JsonNode root = read(valid);
        List<String> pointers = new ArrayList<>();
        values(root, "", pointers);
        String pointer = pointers.get(random.nextInt(pointers.size()));
        JsonPointer at = JsonPointer.compile(pointer);
        set(root.at(at.head()), at, new TextNode(MARK));
        return new BadBody(name + " at " + pointer, utf8(root.toString().replace("\"" + MARK + "\"", value)));
    }

    private static void collect(JsonNode node, String pointer, List<String> places) {
        if (node.isTextual()) {
            places.add("value:" + pointer);
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = pointer + "/" + escape(field.getKey());
                places.add("name:" + child);
                collect(field.getValue(), child, places);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, places);
            }
        }
    }

    private static void values(JsonNode node, String pointer, List<String> pointers) {
        if (!pointer.isEmpty()) {
            pointers.add(pointer);
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> values(field.getValue(), pointer + "/" + escape(field.getKey()), pointers));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                values(node.get(i), pointer + "/" + i, pointers);
            }
        }
    }

    private static void set(JsonNode parent, JsonPointer at, JsonNode value) {
        if (parent instanceof ObjectNode object) {
            object.set(at.last().getMatchingProperty(), value);
        } else if (parent instanceof ArrayNode array) {
            array.set(at.last().getMatchingIndex(), value);
        } else {
            throw new IllegalArgumentException("no container at " + at.head() + " (" + (parent instanceof ContainerNode<?>) + ")");
        }
    }

    private static String insert(String text, Random random, String what) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
        // never between the two halves of a surrogate pair
        if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
            at--;
        }
        return text.substring(0, at) + what + text.substring(at);
    }

    private static byte[] replace(byte[] in, byte[] what, byte[] with) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < in.length; i++) {
            if (i + what.length <= in.length && Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
                out.writeBytes(with);
                i += what.length - 1;
            } else {
                out.write(in[i]);
            }
        }
        return out.toByteArray();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid body to mutate: " + json, e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append("%02X ".formatted(b & 0xff));
        }
        return hex.toString().trim();
    }

    private static String abbreviate(String text) {
        String shown = text.replaceAll("[\\x00-\\x1f]", "·");
        return shown.length() <= 120 ? shown : shown.substring(0, 117) + "…";
    }
}

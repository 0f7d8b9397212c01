package io.continuityhub.channel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.continuityhub.kernel.HubRequestException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

/**
 * Reads the body of a JSON ingress (after its size and, for a webhook, its signature were
 * checked) into a tree, or refuses it whole with a 400 naming the JSON path at fault, so that
 * nothing the hub cannot keep gets past the ingress and no sender is told to retry what will fail
 * again (docs/api.md#what-the-ingresses-refuse):
 * <ul>
 *   <li>bytes that are not UTF-8 ({@code invalid_encoding}): JSON is UTF-8, and bytes decoded
 *       any other way are not what the sender signed or meant;</li>
 *   <li>anything but one JSON object ({@code malformed_json});</li>
 *   <li>nesting deeper than {@code hub.ingress.max-json-depth} ({@code too_deeply_nested});</li>
 *   <li>a string or a name with a character of {@link RefusedCharacters} ({@code invalid_character});</li>
 *   <li>a number beyond what a double holds, such as {@code 1e400} ({@code number_out_of_range}).</li>
 * </ul>
 * What each field must be is then the reader's to say.
 */
@Component
public class JsonBodyParser {

    private final ObjectMapper json;
    private final JsonFactory strict;
    private final int maxDepth;

    JsonBodyParser(ObjectMapper json, IngressProperties properties) {
        this.json = json;
        this.maxDepth = properties.maxJsonDepth();
        // one level more than the limit, so that the check below, which names the path, sees it first
        this.strict = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth + 1).build())
                .build();
    }

    public JsonNode parse(@Body byte[] body) {
        String text = utf8(body);
        check(text);
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            // the check above read the same text: only a bug gets here
            throw new IllegalStateException("a body that passed the JSON check could not be read", e);
        }
    }

    private static String utf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            throw new HubRequestException(400, "invalid_encoding", null, "the body is not UTF-8: the byte 0x%02X at offset %d"
                    .formatted(body[at] & 0xff, at) + " is not part of any UTF-8 character; send JSON in UTF-8");
        }
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text; // a byte order mark is no content
    }

    private void check(String text) {
        try (JsonParser parser = strict.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("the body must be a JSON object");
            }
            for (JsonToken token = JsonToken.START_OBJECT; token != null; token = parser.nextToken()) {
                JsonStreamContext context = parser.getParsingContext();
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (context.getNestingDepth() > maxDepth) {
                            String path = path(context.getParent());
                            throw new HubRequestException(400, "too_deeply_nested", path, path + ": nests deeper than "
                                    + maxDepth + " levels (hub.ingress.max-json-depth)");
                        }
                    }
                    case FIELD_NAME -> checkName(parser.currentName(), path(context.getParent()));
                    case VALUE_STRING -> checkText(parser.getText(), path(context));
                    case VALUE_NUMBER_FLOAT, VALUE_NUMBER_INT -> checkNumber(parser, path(context));
                    case END_OBJECT -> {
                        if (context.inRoot() && parser.nextToken() != null) {
                            throw malformed("the body must be one JSON object, with nothing after it");
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (StreamConstraintsException e) {
            // a number of more than a thousand digits, a string of millions of characters
            throw new HubRequestException(400, "number_out_of_range", null, "the body is beyond what the hub reads: "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw malformed("the body is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw malformed("the body could not be read as JSON: " + e.getMessage());
        }
    }

    private static void checkText(String value, String path) {
        int at = RefusedCharacters.firstIn(value);
        if (at >= 0) {
            throw new HubRequestException(400, "invalid_character", path, path + ": contains "
                    + RefusedCharacters.describe(value, at) + "; control characters other than tab, line feed and carriage"
                    + " return, and unpaired surrogates, are refused");
        }
    }

    private static void checkName(String name, String objectPath) {
        int at = RefusedCharacters.firstIn(name);
        if (at >= 0) {
            String where = objectPath.isEmpty() ? "the body" : objectPath;
            throw new HubRequestException(400, "invalid_character", objectPath.isEmpty() ? null : objectPath, where
                    + ": a name in it contains " + RefusedCharacters.describe(name, at) + "; control characters other than"
                    + " tab, line feed and carriage return, and unpaired surrogates, are refused");
        }
    }

    private static void checkNumber(JsonParser parser, String path) throws IOException {
        boolean finite = switch (parser.getNumberType()) {
            case BIG_INTEGER, BIG_DECIMAL, DOUBLE, FLOAT -> Double.isFinite(parser.getDoubleValue());
            default -> true; // int and long
        };
        if (!finite) {
            throw new HubRequestException(400, "number_out_of_range", path, path + ": " + parser.getText()
                    + " is beyond any number the hub keeps (at most about 1.8e308)");
        }
    }

    /** The path of what the context is at, as the readers name fields: {@code entry[0].changes[0].value}. */
    static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    private static HubRequestException malformed(String message) {
        return new HubRequestException(400, "malformed_json", null, message);
    }
}
